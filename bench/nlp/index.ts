/**
 * analyze() throughput on 100k real-length posts (UMSAB train tweets, shuffled and repeated,
 * brand names inserted), single core, next to the bare `sentiment` package (AFINN) on the
 * same posts in the same run. Memory is printed as it goes to show it stays flat. Rates are
 * given in wall-clock time and in this process's CPU time (the two differ when the machine is shared).
 *
 *   npx tsx bench/nlp/index.ts [--posts 100000]
 */
import Sentiment from 'sentiment';
import { analyze, createAnalysisContext, loadUmsab, type Brand } from '@vigie/nlp';
import { seededRandom } from '@vigie/core';

const POSTS = Number(process.argv[process.argv.indexOf('--posts') + 1]) || 100_000;
const BRAND_COUNT = 1000;
const random = seededRandom(42);

const brands: Brand[] = Array.from({ length: BRAND_COUNT }, (_, index) => ({
  id: `brand-${index}`,
  name: `Brand ${index}`,
  query: `(marque${index} OR "produit ${index}" OR app${index}*) AND NOT (spam OR "offre d'emploi")`,
  aspects: [
    { name: 'prix', terms: ['prix', 'cher', 'price', 'expensive'] },
    { name: 'service client', terms: ['"service client"', 'support', '"customer service"'] },
    { name: 'livraison', terms: ['livraison', 'delivery', 'livré*'] },
  ],
}));
brands.push(
  { id: 'vigie', name: 'Vigie', query: 'vigie OR "vigie app" OR (vigi* NEAR/3 (app OR application))', aspects: [{ name: 'prix', terms: ['prix', 'price'] }] },
  { id: 'fnac', name: 'Fnac', query: 'fnac OR #fnac', aspects: [{ name: 'livraison', terms: ['livraison', 'delivery'] }] },
);
const BRAND_WORDS = ['Vigie', 'la Fnac', '#fnac', 'marque12', 'le produit 7', 'app42 mobile', 'marque999', 'l’appli Vigie'];

const folders = ['french', 'english', 'spanish', 'german', 'italian', 'portuguese', 'arabic', 'hindi'] as const;
const texts = folders.flatMap((folder) => loadUmsab(folder, 'train').map((row) => row.text));
const posts: string[] = [];
while (posts.length < POSTS) {
  const text = texts[Math.floor(random() * texts.length)] as string;
  if (random() < 0.3) {
    const words = text.split(' ');
    words.splice(Math.floor(random() * (words.length + 1)), 0, BRAND_WORDS[Math.floor(random() * BRAND_WORDS.length)] as string);
    posts.push(words.join(' '));
  } else {
    posts.push(text);
  }
}
const averageLength = Math.round(posts.reduce((sum, post) => sum + post.length, 0) / posts.length);

const memory = (): { heap_mb: number; rss_mb: number } => {
  const usage = process.memoryUsage();
  return { heap_mb: Math.round(usage.heapUsed / 1048576), rss_mb: Math.round(usage.rss / 1048576) };
};
const log = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

log(`bench nlp: ${posts.length} posts, ${averageLength} characters on average, ${brands.length} brands`);

const afinn = new Sentiment();
const loadStarted = performance.now();
const context = createAnalysisContext({ brands, duplicates: { maxEntries: 10_000 } });
log(`context: models loaded and ${brands.length} brand queries compiled in ${(performance.now() - loadStarted).toFixed(0)} ms`);

let afinnSink = 0;
for (let i = 0; i < 2000; i++) {
  afinnSink += afinn.analyze(posts[i] as string).score;
  analyze({ id: `warm-${i}`, text: posts[i] as string }, context);
}

// Both run over the same posts in alternating chunks, so a load that comes and goes on this shared
// machine weighs on the baseline and on analyze() alike.
const CHUNK = 5000;
const cpuSeconds = (used: NodeJS.CpuUsage): number => (used.user + used.system) / 1e6;
const time = { afinn: 0, analyze: 0, afinnCpu: 0, analyzeCpu: 0 };
let matched = 0;
let duplicates = 0;
const rssSamples: number[] = [];
for (let from = 0; from < posts.length; from += CHUNK) {
  const to = Math.min(from + CHUNK, posts.length);
  let started = performance.now();
  let cpuStarted = process.cpuUsage();
  for (let i = from; i < to; i++) afinnSink += afinn.analyze(posts[i] as string).score;
  time.afinn += performance.now() - started;
  time.afinnCpu += cpuSeconds(process.cpuUsage(cpuStarted));

  started = performance.now();
  cpuStarted = process.cpuUsage();
  for (let i = from; i < to; i++) {
    const result = analyze({ id: `post-${i}`, text: posts[i] as string }, context);
    if (result.brands.length > 0) matched++;
    if (result.duplicateOf !== undefined) duplicates++;
  }
  time.analyze += performance.now() - started;
  time.analyzeCpu += cpuSeconds(process.cpuUsage(cpuStarted));

  if (to % 10_000 === 0) {
    const { heap_mb, rss_mb } = memory();
    rssSamples.push(rss_mb);
    log(`  ${to}/${posts.length}  analyze ${Math.round(to / (time.analyze / 1000))} posts/s, AFINN ${Math.round(to / (time.afinn / 1000))} posts/s  heapUsed ${heap_mb} MB  rss ${rss_mb} MB`);
  }
}
const baseline = posts.length / (time.afinn / 1000);
const baselineCpu = posts.length / time.afinnCpu;
const throughput = posts.length / (time.analyze / 1000);
const throughputCpu = posts.length / time.analyzeCpu;
log(`baseline sentiment (AFINN): ${Math.round(baseline)} posts/s (${Math.round(baselineCpu)} per CPU-second)`);
log(`analyze(): ${Math.round(throughput)} posts/s (${Math.round(throughputCpu)} per CPU-second); ${matched} matched a brand, ${duplicates} linked as near-duplicates (checksum ${afinnSink})`);

console.log(JSON.stringify({
  bench: 'nlp',
  posts: posts.length,
  throughput: Math.round(throughput),
  baseline: Math.round(baseline),
  ratio: Math.round((baseline / throughput) * 100) / 100,
  throughput_cpu: Math.round(throughputCpu),
  baseline_cpu: Math.round(baselineCpu),
  rss_mb: memory().rss_mb,
  rss_mb_first: rssSamples[0],
  heap_mb: memory().heap_mb,
}));
