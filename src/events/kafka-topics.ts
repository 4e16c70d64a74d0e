import { ConfigResourceTypes, type Admin, type ITopicConfig } from 'kafkajs';
import type { Logger } from 'pino';
import type { KafkaTopicSettings } from '../config';

/** The service's two topics: the event stream and the compacted latest state of every patient. */
export interface TopicNames {
  events: string;
  state: string;
}

/** One topic as the service creates it: its name and its `configEntries`, each a fact the README and asyncapi.yaml state. */
export interface TopicSpec {
  topic: string;
  numPartitions: number;
  /** -1: the broker's `default.replication.factor`. */
  replicationFactor: number;
  config: Record<string, string>;
}

/**
 * The stream keeps every event for `retention.ms`, then drops it by time. The state topic is
 * compacted: per key (the patient id) only the latest record survives, and a tombstone (null
 * value) removes the key altogether after `delete.retention.ms`. Compaction and retention only
 * act on closed segments, hence `segment.ms` on both, and `max.compaction.lag.ms` so the broker
 * compacts a superseded record within a bounded time even when the topic is mostly clean.
 */
export function topicSpecs(names: TopicNames, settings: KafkaTopicSettings): TopicSpec[] {
  const common = { numPartitions: settings.partitions, replicationFactor: settings.replicationFactor ?? -1 };
  return [
    {
      topic: names.events,
      ...common,
      config: { 'cleanup.policy': 'delete', 'retention.ms': String(settings.eventsRetentionMs), 'segment.ms': String(settings.segmentMs) },
    },
    {
      topic: names.state,
      ...common,
      config: {
        'cleanup.policy': 'compact',
        'delete.retention.ms': String(settings.tombstoneRetentionMs),
        'max.compaction.lag.ms': String(settings.maxCompactionLagMs),
        'segment.ms': String(settings.segmentMs),
      },
    },
  ];
}

/** The entries of an existing topic that must hold for the service's promises (erasure, retention). */
const ENFORCED_KEYS = ['cleanup.policy', 'retention.ms'] as const;

/**
 * Creates the topics that are missing, with their configuration, and waits for their leaders,
 * so consumers can subscribe before the first event. An existing topic is left as it is (the
 * operator may have tuned it), but a `cleanup.policy` or `retention.ms` other than the
 * service's is logged as a warning: a state topic that is not compacted never erases.
 * Returns the topics it created.
 */
export async function ensureTopics(admin: Admin, specs: TopicSpec[], logger: Logger): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((spec) => !existing.has(spec.topic));
  if (missing.length > 0) {
    const topics: ITopicConfig[] = missing.map(({ topic, numPartitions, replicationFactor, config }) => ({
      topic,
      numPartitions,
      replicationFactor,
      configEntries: Object.entries(config).map(([name, value]) => ({ name, value })),
    }));
    await admin.createTopics({ topics, waitForLeaders: true });
    // The metadata names a leader a moment before the leader serves the partition (KRaft): a
    // produce or a consumer's first fetch then fails with NOT_LEADER_OR_FOLLOWER. Listing the
    // offsets asks each leader, so it succeeds only once every partition is served.
    for (const { topic } of missing) await servedWithin(admin, topic, 30_000);
    logger.info({ topics: missing.map((spec) => spec.topic) }, 'created the Kafka topics that were missing');
  }
  const kept = specs.filter((spec) => existing.has(spec.topic));
  if (kept.length > 0) await warnAboutDrift(admin, kept, logger);
  return missing.map((spec) => spec.topic);
}

async function warnAboutDrift(admin: Admin, specs: TopicSpec[], logger: Logger): Promise<void> {
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: specs.map((spec) => ({ type: ConfigResourceTypes.TOPIC, name: spec.topic, configNames: [...ENFORCED_KEYS] })),
  });
  for (const resource of described.resources) {
    const spec = specs.find((s) => s.topic === resource.resourceName);
    if (!spec) continue;
    for (const entry of resource.configEntries) {
      const wanted = spec.config[entry.configName];
      if (wanted !== undefined && entry.configValue !== wanted) {
        logger.warn(
          { topic: spec.topic, config: entry.configName, actual: entry.configValue, expected: wanted },
          `Kafka topic ${spec.topic} exists with ${entry.configName}=${entry.configValue}, not ${wanted}: the README's retention and erasure promises do not hold for it`,
        );
      }
    }
  }
}

async function servedWithin(admin: Admin, topic: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await admin.fetchTopicOffsets(topic);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
