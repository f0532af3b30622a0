/** People who see a share on average: a conservative median follower count on social networks. */
const AUDIENCE_PER_SHARE = 150;
const AUDIENCE_PER_COMMENT = 5;
const AUDIENCE_PER_LIKE = 2;

export interface ReachInputs {
  author?: { followers?: number } | undefined;
  metrics?: { likes?: number; shares?: number; comments?: number; views?: number } | undefined;
}

/**
 * Estimated audience: the author's followers, plus the audiences that shares, comments and
 * likes open; views, when the source counts them, are a floor.
 */
export function estimateReach({ author, metrics }: ReachInputs): number {
  const followers = author?.followers ?? 0;
  const estimate =
    followers +
    AUDIENCE_PER_SHARE * (metrics?.shares ?? 0) +
    AUDIENCE_PER_COMMENT * (metrics?.comments ?? 0) +
    AUDIENCE_PER_LIKE * (metrics?.likes ?? 0);
  return Math.max(estimate, metrics?.views ?? 0);
}
