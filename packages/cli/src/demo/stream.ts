import { mentionId, seededRandom, shuffle, type RawMention, type SourceType } from '@vigie/core';

/**
 * A synthetic but realistic conversation about Luméo and its competitors: mostly French, some English,
 * Spanish and German; praise, complaints and questions about network, price, service, fibre and the app;
 * retweet-style copies (near-duplicates); and, while `negativeEpisode` is on, a network outage at Luméo
 * that floods the stream with angry French posts.
 */

export type Tone = 'positive' | 'neutral' | 'negative';
export interface Template {
  lang: string;
  tone: Tone;
  text: string;
}

const BRANDS = ['Luméo', 'Vagatel', 'Nordcom'] as const;
/** Share of the everyday conversation each brand gets. */
const BRAND_WEIGHTS = [0.5, 0.3, 0.2];

// {b} is the brand, {o} another brand, {city} a city.
export const EVERYDAY: Template[] = [
  { lang: 'fr', tone: 'positive', text: 'Franchement le réseau {b} est impeccable à {city}, la 5G tient même dans le métro 👌' },
  { lang: 'fr', tone: 'positive', text: 'Service client {b} au top : problème de facture réglé en dix minutes par un conseiller très sympa.' },
  { lang: 'fr', tone: 'positive', text: "Passé de {o} à {b} le mois dernier, forfait moins cher et la fibre est ultra rapide. Je recommande !" },
  { lang: 'fr', tone: 'neutral', text: 'Quelqu’un sait si la box {b} est compatible avec le wifi 6 ? Je déménage à {city} le mois prochain.' },
  { lang: 'fr', tone: 'neutral', text: '{b} annonce une nouvelle offre fibre à {city} à partir de septembre, détails sur leur site.' },
  { lang: 'fr', tone: 'neutral', text: "Comparatif des forfaits mobiles de la rentrée : {b}, {o} et les autres passés au crible." },
  { lang: 'fr', tone: 'negative', text: 'Troisième appel au service client {b} cette semaine et toujours aucune solution, c’est usant.' },
  { lang: 'fr', tone: 'negative', text: "L'appli {b} plante à chaque mise à jour, impossible de consulter ma facture." },
  { lang: 'fr', tone: 'negative', text: 'Augmentation du prix du forfait {b} sans prévenir, franchement pas terrible.' },
  { lang: 'en', tone: 'positive', text: 'Roaming with {b} in {city} was painless, great signal and no surprise on the bill.' },
  { lang: 'en', tone: 'neutral', text: 'Anyone tried the {b} fiber offer? Thinking of switching from {o}.' },
  { lang: 'en', tone: 'negative', text: "{b} customer service kept me on hold for an hour. Not impressed." },
  { lang: 'es', tone: 'positive', text: 'La fibra de {b} funciona de maravilla en {city}, muy buena velocidad.' },
  { lang: 'es', tone: 'negative', text: 'La atención al cliente de {b} es un desastre, nadie responde.' },
  { lang: 'de', tone: 'neutral', text: 'Hat jemand Erfahrung mit {b} in Frankreich? Wie ist das Netz auf dem Land?' },
  { lang: 'de', tone: 'positive', text: 'Der Kundenservice von {b} war überraschend schnell und freundlich.' },
];

export const OUTAGE: Template[] = [
  { lang: 'fr', tone: 'negative', text: 'Plus de réseau {b} depuis ce matin à {city}, aucune info, c’est inadmissible #PanneLumeo' },
  { lang: 'fr', tone: 'negative', text: 'Panne générale chez {b} ?? Ni 4G ni fibre à {city}, je ne peux pas télétravailler. #PanneLumeo' },
  { lang: 'fr', tone: 'negative', text: "Ça fait 5 heures que le réseau {b} est coupé et le service client ne répond pas. Honteux." },
  { lang: 'fr', tone: 'negative', text: 'Coupure réseau {b} à {city} : impossible d’appeler les urgences, c’est grave. #PanneLumeo' },
  { lang: 'fr', tone: 'negative', text: 'Je résilie mon forfait {b} après cette panne, je pars chez {o}.' },
  { lang: 'en', tone: 'negative', text: '{b} network down all over {city} for hours, no signal at all. #PanneLumeo' },
];

const CITIES = ['Paris', 'Lyon', 'Marseille', 'Lille', 'Toulouse', 'Nantes', 'Bordeaux', 'Strasbourg', 'Rennes', 'Montpellier', 'Grenoble', 'Nice', 'Dijon', 'Brest'];

/** An opener or afterthought: one that only fits some tones says which (a rant opener on praise reads as nonsense). */
export type Aside = string | { text: string; tones: readonly Tone[] };
const rant = (text: string): Aside => ({ text, tones: ['negative'] });
const asking = (text: string): Aside => ({ text, tones: ['neutral'] });
const report = (text: string): Aside => ({ text, tones: ['positive', 'negative'] });
const waiting = (text: string): Aside => ({ text, tones: ['neutral', 'negative'] });

/** Openers and afterthoughts, per language, so two posts built on the same template still read differently. */
export const OPENERS: Record<string, Aside[]> = {
  fr: ['Bon.', rant('Petit coup de gueule :'), asking('Question du jour :'), 'Alors voilà,', rant('Sérieusement,'), report('Retour d’expérience :'), 'Bonjour à tous,', asking('Info utile :'), 'Mise à jour :', report('Honnêtement,'), 'Coucou,', 'Je confirme,'],
  en: ['So.', asking('Quick question:'), 'Update:', report('Honestly,'), waiting('PSA:'), 'Hey folks,', waiting('Heads up:')],
  es: ['Bueno,', asking('Pregunta:'), 'Actualización:', report('Sinceramente,')],
  de: ['Also,', asking('Kurze Frage:'), 'Update:', report('Ehrlich gesagt,')],
};
export const AFTERTHOUGHTS: Record<string, Aside[]> = {
  fr: [asking('Des avis ?'), waiting('On verra bien.'), rant('Ma voisine a le même souci.'), 'Je suis client depuis {n} ans.', rant('Ça fait {n} jours.'), asking('Merci d’avance pour vos retours.'), { text: 'Vivement la suite.', tones: ['positive', 'neutral'] }, rant('Je ne suis pas le seul apparemment.'), 'Testé sur deux téléphones.', 'Je paie {n} € par mois.', 'Mon fils me dit pareil.', 'À suivre.'],
  en: [asking('Thoughts?'), 'Been a customer for {n} years.', 'Paying {n} a month.', waiting('Anyone else?'), asking('Will report back.'), 'Tried on two phones.'],
  es: [asking('¿Opiniones?'), 'Llevo {n} años con ellos.', waiting('¿Alguien más?'), waiting('Ya veremos.')],
  de: [asking('Meinungen?'), 'Seit {n} Jahren Kunde.', waiting('Noch jemand?'), waiting('Mal sehen.')],
};
export const asideText = (aside: Aside): string => (typeof aside === 'string' ? aside : aside.text);
const fits = (aside: Aside, tone: Tone): boolean => typeof aside === 'string' || aside.tones.includes(tone);
const TAGS = ['#telecom', '#fibre', '#5G', '#forfait', '#mobile', '#wifi', '#serviceclient', '#internet'];
const SOURCES: SourceType[] = ['x', 'mastodon', 'bluesky', 'reddit', 'rss', 'youtube', 'appstore'];
const HANDLES = ['camille_b', 'jules.martin', 'sophie_lrt', 'nico_tech', 'lea.dsn', 'thomas_74', 'ines_paris', 'hugo.dev', 'manon_m', 'karim.b', 'emma.w', 'pablo_g'];


export interface DemoStreamOptions {
  seed?: number;
  /** Id namespace, so two runs with the same seed do not collide (default: the start time). */
  runId?: string;
}

export interface DemoStream {
  /** The next mention, published at `publishedAt`; `outage` adds the negative episode to the mix. */
  next(publishedAt: Date, outage: boolean): RawMention;
}

export function createDemoStream(options: DemoStreamOptions = {}): DemoStream {
  const random = seededRandom(options.seed ?? 42);
  const runId = options.runId ?? Date.now().toString(36);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  /** A copy of `items` in random order, for picks without repeats. */
  const shuffled = <T>(items: readonly T[]): T[] => shuffle([...items], random);
  const pickBrand = () => {
    const r = random();
    return r < BRAND_WEIGHTS[0]! ? 0 : r < BRAND_WEIGHTS[0]! + BRAND_WEIGHTS[1]! ? 1 : 2;
  };
  const recent: RawMention[] = [];
  let counter = 0;

  return {
    next(publishedAt, outage) {
      counter += 1;
      const source = pick(SOURCES);
      const sourceId = `demo-${runId}-${counter}`;
      const handle = pick(HANDLES);
      const base = {
        id: mentionId(source, sourceId),
        source,
        sourceName: 'demo',
        sourceId,
        url: `https://demo.vigie.invalid/${source}/${sourceId}`,
        publishedAt: publishedAt.toISOString(),
        collectedAt: new Date().toISOString(),
        author: { id: `demo-${handle}`, handle, name: handle.replace(/[._]/g, ' '), followers: Math.floor(random() ** 3 * 200_000) },
        metrics: { likes: Math.floor(random() ** 2 * 500), shares: Math.floor(random() ** 3 * 120), comments: Math.floor(random() * 40) },
      };
      // One post in twelve is a copy of a recent one (retweet, cross-post): a near-duplicate.
      const original = recent.length > 0 && random() < 1 / 12 ? pick(recent) : undefined;
      if (original) return { ...base, text: `RT ${original.text}`, lang: original.lang };

      const brand = outage && random() < 0.6 ? 0 : pickBrand();
      const template = outage && brand === 0 && random() < 0.85 ? pick(OUTAGE) : pick(EVERYDAY);
      const other = BRANDS[(brand + 1 + Math.floor(random() * 2)) % 3]!;
      const fill = (line: string) => line.replaceAll('{b}', BRANDS[brand]!).replaceAll('{o}', other).replaceAll('{city}', pick(CITIES)).replaceAll('{n}', String(2 + Math.floor(random() * 40)));
      const asides = (table: Record<string, Aside[]>) => (table[template.lang] ?? []).filter((aside) => fits(aside, template.tone));
      const opener = random() < 0.6 ? asideText(pick(asides(OPENERS))) : '';
      const afterthoughts = shuffled(asides(AFTERTHOUGHTS)).slice(0, (random() < 0.7 ? 1 : 0) + (random() < 0.5 ? 1 : 0));
      const body = fill(template.text);
      const parts = [
        opener,
        // after `Honnêtement,` the sentence goes on in lower case, unless it starts with a brand
        opener.endsWith(',') && !template.text.startsWith('{') ? body[0]!.toLowerCase() + body.slice(1) : body,
        ...afterthoughts.map((aside) => fill(asideText(aside))),
        random() < 0.3 ? shuffled(TAGS).slice(0, 2).join(' ') : '',
        random() < 0.2 ? `@${pick(HANDLES)}` : '',
      ];
      const text = parts.filter(Boolean).join(' ');
      const mention: RawMention = { ...base, text, ...(random() < 0.5 ? { lang: template.lang } : {}) };
      recent.push(mention);
      if (recent.length > 50) recent.shift();
      return mention;
    },
  };
}
