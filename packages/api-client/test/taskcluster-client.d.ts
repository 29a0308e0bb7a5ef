// taskcluster-client ships no type declarations; the signing test uses it untyped.
declare module 'taskcluster-client';
