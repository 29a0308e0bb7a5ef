export * from './client';
export * from './errors';
export * from './gateway';
export * from './paginate';
export * from './retry';
export * from './sqs';
export * from './sqs-errors';
export * from './ec2-events';
