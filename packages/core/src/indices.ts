/** Elasticsearch names. Mentions live in monthly indices behind a read alias; retention drops whole months. */
export interface IndexNames {
  /** Read alias over every monthly mention index. */
  mentions: string;
  /** Pattern the mention template applies to. */
  mentionsPattern: string;
  alerts: string;
  config: string;
  /** Monthly mention index for a publication date, e.g. `vigie-mentions-2026.11`. */
  mentionsFor(publishedAt: string | Date): string;
}

export function indexNames(prefix = ''): IndexNames {
  const mentions = `${prefix}vigie-mentions`;
  return {
    mentions,
    mentionsPattern: `${mentions}-*`,
    alerts: `${prefix}vigie-alerts`,
    config: `${prefix}vigie-config`,
    mentionsFor(publishedAt) {
      const date = new Date(publishedAt);
      const month = String(date.getUTCMonth() + 1).padStart(2, '0');
      return `${mentions}-${date.getUTCFullYear()}.${month}`;
    },
  };
}
