import type { Message, OffsetsByTopicPartition, Producer } from 'kafkajs';
import { chunkMessages } from '@vigie/core';

/** What one analysed slice of a partition hands over: its output messages and the offset they settle. */
export interface SliceOutput {
  /** Output messages by topic (enriched mentions, dead letters). */
  messages: { topic: string; messages: Message[] }[];
  topic: string;
  partition: number;
  /** Offset of the last consumed message of the slice. */
  lastOffset: string;
  /** Commits offsets in the consumer group (the eachBatch `commitOffsetsIfNecessary`). */
  commit: (offsets: OffsetsByTopicPartition) => Promise<void>;
}

export interface Output {
  /** Resolves once the slice's messages are acknowledged by every replica (acks=all) and its offset is committed. */
  deliver(slice: SliceOutput): Promise<void>;
}

interface Waiting {
  slice: SliceOutput;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * One producer for every partition the analyzer works on. Slices handed over while a send is in flight go out
 * together in the next one, so a round of partitions costs one produce request and one offset commit, and the
 * analysis of the next slices overlaps the wait for acknowledgements. Offsets are committed only after the
 * produce is acknowledged; a failure rejects every slice of that round, none of which is committed.
 */
export function createOutput(producer: Producer): Output {
  let waiting: Waiting[] = [];
  let flushing = false;

  async function send(round: Waiting[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    for (const { slice } of round) {
      for (const { topic, messages } of slice.messages) {
        const all = byTopic.get(topic) ?? byTopic.set(topic, []).get(topic)!;
        for (const message of messages) all.push(message);
      }
    }
    for (const [topic, messages] of byTopic) {
      for (const chunk of chunkMessages(messages)) await producer.send({ topic, messages: chunk, acks: -1 });
    }
    // Slices of one partition are handed over in order, one at a time: the last one here is the furthest.
    const next = new Map<string, Map<number, string>>();
    for (const { slice } of round) {
      const partitions = next.get(slice.topic) ?? next.set(slice.topic, new Map()).get(slice.topic)!;
      partitions.set(slice.partition, (BigInt(slice.lastOffset) + 1n).toString());
    }
    await round[round.length - 1]!.slice.commit({
      topics: [...next].map(([topic, partitions]) => ({ topic, partitions: [...partitions].map(([partition, offset]) => ({ partition, offset })) })),
    });
  }

  async function flush(): Promise<void> {
    while (waiting.length > 0) {
      const round = waiting;
      waiting = [];
      try {
        await send(round);
        for (const { resolve } of round) resolve();
      } catch (error) {
        for (const { reject } of round) reject(error);
      }
    }
    flushing = false;
  }

  return {
    deliver(slice) {
      return new Promise<void>((resolve, reject) => {
        waiting.push({ slice, resolve, reject });
        // Started on the next turn of the event loop, so the slices of every partition analysed in this one go together.
        if (!flushing) {
          flushing = true;
          setImmediate(() => void flush());
        }
      });
    },
  };
}
