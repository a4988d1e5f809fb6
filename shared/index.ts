export * from './api';
export * from './bridge';
export * from './dto';
export * from './reply';
export * from './schemas';
export * from './key-name';
export * from './limits';
export * from './human';
