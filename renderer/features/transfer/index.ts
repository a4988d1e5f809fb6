export { TransferDialog } from './TransferDialog';
export { CopyRedisCliButton } from './CopyRedisCliButton';
export { entryAsRedisCli } from './transferRuns';
export { ExportMatches } from './ExportMatches';
