/**
 * The Defender XDR advanced hunting poller: runs KQL queries over Graph's runHuntingQuery on
 * one replica, window by window from a stored watermark, within Microsoft's quotas.
 */
export { createHuntingPoller, type HuntingPoller } from './hunting-poller';
export type { HuntingQuery, HuntingWindow } from './hunting-query';
export { windowedQuery } from './hunting-query';
export type { HuntingPollerHealth, HuntingQueryHealth } from './hunting-state';
export { DEFAULT_HUNTING_BACKOFF, type HuntingPollerOptions } from './poller-options';
