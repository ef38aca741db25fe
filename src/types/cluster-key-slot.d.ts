// cluster-key-slot ships no types. It is the function ioredis routes cluster commands with,
// so a channel's slot computed here is the one ioredis and Redis agree on.
declare module 'cluster-key-slot' {
  /** The Redis Cluster hash slot (0-16383) of a key or channel, honouring `{hash tags}`. */
  export default function calculateSlot(key: string | Buffer): number;
}
