/**
 * Opinion words the machine-translated AFINN lists miss or get wrong for customer talk
 * (`cher` is "expensive" here, not "dear"). Folded forms; they override the translated entries.
 */
export const LEXICON_SUPPLEMENT: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  fr: {
    bon: 2, bonne: 2, bons: 2, bonnes: 2, top: 3, bravo: 3, chouette: 2, sympa: 2, kiffe: 3, ravi: 3, ravie: 3,
    satisfait: 2, satisfaite: 2, fier: 2, fiere: 2, lol: 1, mdr: 1, ptdr: 1,
    nul: -3, nulle: -3, nuls: -3, nulles: -3, decu: -2, decue: -2, decus: -2, decevant: -2, decevante: -2, bof: -1,
    moyen: -1, lent: -1, lente: -1, cher: -1, chere: -1, chers: -1, inadmissible: -3, inacceptable: -3,
    lamentable: -3, honteux: -3, honteuse: -3, enerve: -2, enervant: -2, galere: -2, pourri: -3, pourrie: -3,
    naze: -2, merdique: -3, merde: -3, injoignable: -2, panne: -2, bug: -2, bugs: -2, retard: -2, retards: -2,
    insatisfait: -2, mecontent: -2, mecontente: -2, dommage: -1, degoute: -3, degoutee: -3, colere: -3,
    furieux: -3, furieuse: -3, voleurs: -3, escroquerie: -3, escrocs: -3,
  },
  en: {
    slow: -1, sucks: -3, meh: -1, lol: 1, lmao: 1, disappointing: -2, unacceptable: -3, delayed: -2, broken: -2,
    useless: -3, rude: -2, overpriced: -2, refund: -1,
  },
};
