/** Every Redis key this service writes starts with this prefix. */
export const KEY_PREFIX = 'hg:';
