// taskcluster-client ships no type declarations; the compatibility tests use it untyped.
declare module 'taskcluster-client';
