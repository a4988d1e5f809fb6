export * from './api';
export * from './bridge';
export * from './dto';
export * from './reply';
export * from './schemas';
