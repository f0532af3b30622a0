import { describe, expect, it } from 'vitest';
import { SentimentClassifier, tokenize } from '../src/index.js';

const classifier = SentimentClassifier.load();
function classify(text: string, language: string) {
  const tokens = tokenize(text);
  return classifier.classify(tokens, 0, tokens.length, language);
}
const cues = (text: string, language: string) => classify(text, language).cues;

describe('negation', () => {
  it.each([
    ["c'est bon", 'fr', 'positive'],
    ["ce n'est pas bon", 'fr', 'negative'],
    ['pas bon du tout', 'fr', 'negative'],
    ['jamais satisfait', 'fr', 'negative'],
    ['pas terrible', 'fr', 'negative'],
    ['le film était terrible', 'fr', 'negative'],
    ['it is good', 'en', 'positive'],
    ['it is not good', 'en', 'negative'],
    ["don't like it", 'en', 'negative'],
    ['not bad', 'en', 'positive'],
    ['not bad at all', 'en', 'positive'],
  ])('%s (%s) has %s cues', (text, language, polarity) => {
    const { positive, negative } = cues(text, language);
    if (polarity === 'positive') expect(positive).toBeGreaterThan(negative);
    else expect(negative).toBeGreaterThan(positive);
  });

  it.each([
    ['The app is not bad at all', 'en'],
    ["c'est pas mal", 'fr'],
    ['pas mal ce nouveau forfait', 'fr'],
  ])('reads the litotes in "%s" (%s) as praise', (text, language) => {
    expect(classify(text, language).label).toBe('positive');
  });

  it('ends the negation scope with a lexicon bigram that carries it', () => {
    // `nouveau` is a positive word: negated, it would count as a negative hit
    expect(cues('pas mal ce nouveau forfait', 'fr').negative).toBe(0);
    expect(cues('not bad great app', 'en').negative).toBe(0);
  });

  it('ends the negation scope at punctuation and after a few words', () => {
    expect(cues('pas cher. Très bon', 'fr').positive).toBeGreaterThan(0);
    expect(cues('not here, good', 'en').negative).toBe(0);
  });
});

describe('contractions', () => {
  it.each([
    ["I'll call them tomorrow", 'ill'],
    ["he'll be there at noon", 'hell'],
    ["we'll see", 'well'],
  ])('%s: the contraction is no lexicon word (%s)', (text) => {
    const { positive, negative } = cues(text, 'en');
    expect(positive + negative).toBe(0);
  });

  it('keeps the words they spell when written out', () => {
    expect(cues('I feel ill', 'en').negative).toBeGreaterThan(0);
    expect(cues('what the hell', 'en').negative).toBeGreaterThan(0);
  });
});

describe('intensifiers, contrast and emojis', () => {
  it('intensifiers strengthen and downtoners soften the next opinion word', () => {
    expect(cues('très bon', 'fr').positive).toBeGreaterThan(cues('bon', 'fr').positive);
    expect(cues('really good', 'en').positive).toBeGreaterThan(cues('good', 'en').positive);
    expect(cues('un peu bon', 'fr').positive).toBeLessThan(cues('bon', 'fr').positive);
  });

  it.each([
    ['ma commande', 'fr', false],
    ['bello ma caro', 'it', true],
    ['es más rápido', 'es', false],
    ['bom mas caro', 'pt', true],
    ['mais rápido', 'pt', false],
    ['rapide mais cher', 'fr', true],
  ] as const)('reads a contrast word only in its language: "%s" (%s) turns: %s', (text, language, turns) => {
    expect(cues(text, language).sawContrast).toBe(turns);
  });

  it('negates with `mai` in Italian only (French `mai` is May)', () => {
    expect(cues('depuis mai satisfait du service', 'fr').negative).toBe(0);
    expect(cues('mai contento', 'it').negative).toBeGreaterThan(0);
  });

  it('keeps the polarity after a contrast word apart', () => {
    const french = cues("l'appli est belle mais elle plante sans arrêt, nul", 'fr');
    expect(french.sawContrast).toBe(true);
    expect(french.afterContrast).toBeLessThan(0);
    const english = cues('the app looks great but it is useless', 'en');
    expect(english.sawContrast).toBe(true);
    expect(english.afterContrast).toBeLessThan(0);
  });

  it('reads emojis and emoticons', () => {
    expect(cues('😍', 'fr').positive).toBeGreaterThan(0);
    expect(cues('😡', 'en').negative).toBeGreaterThan(0);
    expect(cues(':(', 'en').negative).toBeGreaterThan(0);
    expect(cues(':-)', 'fr').positive).toBeGreaterThan(0);
  });

  it.each([['The D train is here'], ['Plan D, I guess'], ['Terminal P or O?'], ['Gate D, row C']])('reads a lone letter as no opinion word: %s', (text) => {
    const { positive, negative } = cues(text, 'en');
    expect(positive + negative).toBe(0);
  });

  it('does not make a complaint about the D train praise', () => {
    expect(classify('The D train is late again', 'en').label).not.toBe('positive');
  });

  it('still reads the emoticons those letters come from', () => {
    expect(cues(':D', 'en').positive).toBeGreaterThan(0);
    expect(cues('xD', 'en').positive).toBeGreaterThan(0);
    expect(cues(':P', 'en').positive).toBeGreaterThan(0);
  });
});

describe('courtesy formulas and ironic thanks', () => {
  it.each([
    ["Mon colis n'est toujours pas arrivé après 3 semaines, je veux être remboursé. Merci d'avance", 'fr'],
    ["Toujours pas de réponse du SAV, par avance merci de me rappeler. D'avance merci", 'fr'],
    ['My order never arrived after 3 weeks, I want a refund. Thanks in advance', 'en'],
    ['Still no reply from support, thank you in advance for calling me back', 'en'],
    ['Luméo a encore augmenté ses prix, merci pour rien', 'fr'],
    ['Thanks for nothing @acme, still no refund', 'en'],
  ])('a complaint with one is negative: %s', (text, language) => {
    expect(classify(text, language).label).toBe('negative');
  });

  it('carry no polarity, where a real thank-you does', () => {
    expect(cues("merci d'avance", 'fr').positive).toBe(0);
    expect(cues('merci par avance', 'fr').positive).toBe(0);
    expect(cues('thanks in advance!', 'en').positive).toBe(0);
    expect(cues("merci pour votre aide", 'fr').positive).toBeGreaterThan(0);
    expect(cues('thanks for your help', 'en').positive).toBeGreaterThan(0);
  });

  it('tell ironic thanks from a thank-you and a "you are welcome"', () => {
    expect(cues('merci pour rien', 'fr').negative).toBeGreaterThan(0);
    expect(cues('merci pour rien', 'fr').positive).toBe(0);
    expect(cues('thanks for nothing', 'en').negative).toBeGreaterThan(0);
    expect(cues('merci, de rien', 'fr').negative).toBe(0);
    expect(cues('thanks for everything', 'en').positive).toBeGreaterThan(0);
  });

  it('leave a question neutral', () => {
    expect(classify('Does anyone know if the store is open on Sunday? Thanks in advance!', 'en').label).toBe('neutral');
  });
});

describe('praise and complaints customers write with a negator or a joke', () => {
  it.each([
    ['No complaints about Acme so far', 'en'],
    ['Acme never disappoints', 'en'],
    ['Not disappointed with my new Acme phone', 'en'],
    ['Switched to Acme last year, no regrets', 'en'],
    ['Three months with Acme fibre and no issues', 'en'],
    ['Ce forfait Acme, jamais déçu', 'fr'],
    ['Je ne suis pas déçu par Acme', 'fr'],
    ['Rien à redire sur Acme, livraison rapide', 'fr'],
    ['Aucun souci avec la box Acme depuis un an', 'fr'],
  ])('a negated complaint is praise: %s (%s)', (text, language) => {
    expect(classify(text, language).label).toBe('positive');
  });

  it.each([
    ["I can't believe how good the Acme support was today, fixed in 5 minutes"],
    ['No doubt the best network in town'],
    ['Not only good but also cheap'],
  ])('a negator that negates nothing leaves the praise as it is: %s', (text) => {
    expect(cues(text, 'en').negative).toBe(0);
    expect(classify(text, 'en').label).toBe('positive');
  });

  it('still negates after those negators elsewhere', () => {
    expect(cues('nothing but problems', 'en').negative).toBeGreaterThan(0);
    expect(cues("can't say it was good", 'en').negative).toBeGreaterThan(0);
    expect(cues('not good', 'en').negative).toBeGreaterThan(0);
  });

  it.each([
    ['Acme customer service is a joke', 'en'],
    ['What a joke, still no refund from Acme', 'en'],
    ["Le service client Acme c'est une blague", 'fr'],
    ['Quelle blague ce SAV Acme', 'fr'],
  ])('calling a service a joke is a complaint: %s (%s)', (text, language) => {
    expect(classify(text, language).label).toBe('negative');
  });

  it('reads `joke` and `blague` alone as no opinion', () => {
    expect(cues('joke', 'en').positive).toBe(0);
    expect(cues('blague', 'fr').positive).toBe(0);
  });
});

describe('what goes wrong with a product or a service', () => {
  it.each([
    ["Is Acme down for anyone else? Can't log in", 'en'],
    ['Acme app keeps crashing every time I open it', 'en'],
    ['Still waiting for my Acme order, 2 weeks late', 'en'],
    ['Been on hold with Acme for 45 minutes', 'en'],
    ["L'appli Acme plante encore", 'fr'],
    ["45 minutes d'attente au téléphone avec Acme", 'fr'],
    ['Je résilie mon abonnement Acme', 'fr'],
    ['Je vais résilier mon forfait Acme', 'fr'],
    ['Acme raised prices again', 'en'],
    ['Another price hike from Acme', 'en'],
    ['Acme a encore augmenté ses prix', 'fr'],
    ['Hausse des tarifs chez Acme', 'fr'],
    ['Le forfait Acme est trop cher pour ce que c’est', 'fr'],
    ['Toujours pas de nouvelles de ma commande Acme', 'fr'],
    ['Troisième appel au service client Acme et toujours aucune solution, c’est usant', 'fr'],
  ])('is a complaint: %s (%s)', (text, language) => {
    expect(classify(text, language).label).toBe('negative');
  });

  it('reads a missing answer, refund or connection as a complaint, not as a negated complaint', () => {
    for (const text of ['still no refund', 'no reply from the shop', 'no signal since Monday']) {
      expect(cues(text, 'en').positive).toBe(0);
      expect(cues(text, 'en').negative).toBeGreaterThan(0);
    }
    for (const text of ['pas de réponse du SAV', 'toujours pas de réseau', 'aucune réponse']) expect(cues(text, 'fr').negative).toBeGreaterThan(0);
  });

  it.each([
    ['Shoutout to the Acme team, fixed my issue in minutes', 'en'],
    ['Commande Acme arrivée en avance, nickel', 'fr'],
    ['Thanks Acme for the quick refund!', 'en'],
    ['Acme a augmenté la qualité du réseau', 'fr'],
    ['Passé chez Acme le mois dernier, forfait moins cher et fibre ultra rapide', 'fr'],
    ['J’ai été remboursé en deux jours, merci Acme', 'fr'],
  ])('and praise reads as praise: %s (%s)', (text, language) => {
    expect(classify(text, language).label).toBe('positive');
  });
});

describe('words with no opinion in customer talk', () => {
  it.each([
    ["Quelqu'un sait si la boutique est ouverte dimanche ?"],
    ['Le magasin est ouvert le dimanche ?'],
  ])('leave an opening-hours question neutral: %s', (text) => {
    expect(classify(text, 'fr').label).toBe('neutral');
  });

  it('leave a price question neutral: `prix` is a price, not a prize', () => {
    expect(cues('le prix', 'fr').positive).toBe(0);
    expect(classify('Quel est le prix du forfait 5G ?', 'fr').label).toBe('neutral');
  });

  it('carry no polarity: `ouvert`, `si` and `fermé` (folded `ferme`, "firm" in the translated AFINN)', () => {
    for (const text of ['ouvert', 'ouverte', 'si', 'fermé']) expect(cues(text, 'fr').positive).toBe(0);
  });
});

describe('labels', () => {
  it.each([
    ["J'adore cette appli, franchement géniale 😍", 'fr', 'positive'],
    ['Service client nul, ça fait 3 semaines que j’attends, je suis furieux 😡', 'fr', 'negative'],
    ['I love this app, it is amazing!', 'en', 'positive'],
    ['Worst customer service ever, I hate this company', 'en', 'negative'],
  ])('%s -> %s', (text, language, label) => {
    const prediction = classify(text, language);
    expect(prediction.label).toBe(label);
    expect(prediction.confidence).toBeGreaterThan(0.34);
    expect(Math.sign(prediction.score)).toBe(label === 'positive' ? 1 : -1);
  });

  it('keeps the score in [-1, 1] and the confidence in [0, 1]', () => {
    for (const text of ['', '!!!', 'http', '😍😍😍😍😍😍😍😍😍', 'a '.repeat(5000)]) {
      const prediction = classify(text, 'und');
      expect(prediction.score).toBeGreaterThanOrEqual(-1);
      expect(prediction.score).toBeLessThanOrEqual(1);
      expect(prediction.confidence).toBeGreaterThanOrEqual(0);
      expect(prediction.confidence).toBeLessThanOrEqual(1);
    }
  });
});
