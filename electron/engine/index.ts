// Public API of the Streamscope engine (plain Node; never imports electron).
export { eventStream, broadcastStream, EventConsumer } from './definitions';
export { EventStreamService } from './service';
export { EventProducer, NotReplicatedError } from './producer';
export { RedisBroadcastingStream, type RedisBroadcastingStreamOptions } from './broadcast';
export { SUBSCRIBE_DEFAULTS } from './subscription';
export { detachReply, detachStreamEntries, streamEntriesAsText, type StreamReadBytesReply, type StreamReadReply } from './reply';
export { redisErrorKind, redisErrorText, isRedisError, isMissingStreamOrGroup, type RedisErrorKind } from './redis-errors';
export { TypedEmitter, type Listener } from './emitter';
export { setErrorReporter, consoleErrorReporter, formatEngineError, ERROR_PREFIX, type ErrorReporter, type EngineError } from './unheard';
export { LatencyHistogram, RateMeter } from './stats';
export { readPresence, DEFAULT_HEARTBEAT_MS } from './presence';
export { previewPrune, prune, pruneWithLock } from './prune';
export { readDeadLetters, replayDeadLetters } from './deadLetter';
export {
  decodeEntry,
  encodeUcloud,
  parseJson,
  idTime,
  compareIds,
  STREAM_INIT,
  DEFAULT_MAXLEN,
  MESSAGE_FIELD,
  type DecodedEntry,
} from './wire';
export { deadLetterStream, presenceKey, presenceIndexKey, presenceMember, pruneLockKey } from './keys';
export { ENGINE_CONNECTION_DEFAULTS } from './connection';
export { clientFromUrl, isCluster, keySlot, masterAddressFor, parseRedisUrl, type RedisClient, type RedisTopology } from './cluster';
export type * from './types';
