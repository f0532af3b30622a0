import type { SourceConfig } from '@vigie/core';
import type { Connector } from './types.js';
import { appStoreConnector } from './appstore/index.js';
import { blueskyConnector, jetstreamConnector } from './bluesky/index.js';
import { hackerNewsConnector } from './hackernews/index.js';
import { mastodonConnector, mastodonStreamConnector } from './mastodon/index.js';
import { redditConnector } from './reddit/index.js';
import { rssConnector } from './rss/index.js';
import { xConnector } from './x/index.js';
import { youtubeConnector } from './youtube/index.js';

/** Every built-in connector; the collector picks one by the source's `type` (and `params.streaming`). */
export const builtInConnectors = [
  rssConnector, redditConnector, mastodonConnector, mastodonStreamConnector, blueskyConnector, jetstreamConnector,
  hackerNewsConnector, youtubeConnector, xConnector, appStoreConnector,
] as Connector[];

/** Registry key: `type`, or `type:stream` for the streaming variant of a type. */
export function connectorKey(connector: Connector): string {
  return connector.mode === 'stream' ? `${connector.type}:stream` : connector.type;
}

/** The connector for a source: its streaming variant when `params.streaming` is true, else the polling one (or the only one). */
export function connectorFor(connectors: ReadonlyMap<string, Connector>, source: SourceConfig): Connector | undefined {
  const stream = connectors.get(`${source.type}:stream`);
  const poll = connectors.get(source.type);
  return source.params.streaming === true ? stream ?? poll : poll ?? stream;
}
