import { describe, expect, it } from 'vitest';
import { LanguageDetector, tokenize } from '../src/index.js';

const detector = LanguageDetector.load();
const detect = (text: string) => detector.detect(tokenize(text));

describe('language detection', () => {
  it.each([
    ['Le service client ne répond jamais, je suis déçu', 'fr'],
    ["J'ai commandé hier et c'est arrivé aujourd'hui", 'fr'],
    ['The delivery was late again and nobody answers', 'en'],
    ['El servicio es muy malo y nadie contesta', 'es'],
    ['Der Kundenservice ist heute wirklich schlecht', 'de'],
    ['Il servizio clienti non risponde mai', 'it'],
    ['Eu adorei o atendimento, muito obrigado', 'pt'],
    ['الخدمة سيئة جدا اليوم', 'ar'],
    ['Служба поддержки не отвечает уже неделю', 'ru'],
  ])('%s -> %s', (text, code) => {
    const detected = detect(text);
    expect(detected.code).toBe(code);
    expect(detected.confidence).toBeGreaterThan(0.5);
    expect(detected.confidence).toBeLessThanOrEqual(1);
  });

  it.each([
    ['Does Acme ship to Canada?', 'en'],
    ['The Acme technician was super professional', 'en'],
    ['Le technicien Acme était super pro', 'fr'],
    ['Acme ne marche plus', 'fr'],
  ])('tells a short post with a brand name apart: %s -> %s', (text, code) => {
    expect(detect(text).code).toBe(code);
  });

  it("says 'und' when there is nothing to go on", () => {
    expect(detect('😍 !!! https://x.fr').code).toBe('und');
    expect(detect('ok').code).toBe('und');
    expect(detect('').confidence).toBe(0);
  });
});
