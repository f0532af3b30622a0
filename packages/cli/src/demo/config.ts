import type { AlertRule, Brand } from '@vigie/core';

/**
 * The demo's runtime configuration: Luméo, a (fictional) French mobile and fibre operator,
 * and its two competitors. `vigie start --demo` stores it so the stream below has brands to match.
 */
export interface DemoConfig {
  brands: Brand[];
  alertRules: AlertRule[];
}

const telecomAspects = [
  { name: 'network', terms: ['réseau', 'reseau', 'network', 'signal', 'panne', 'outage', '4G', '5G', 'coupure', 'red', 'Netz'] },
  { name: 'price', terms: ['prix', 'price', 'tarif', 'forfait', 'facture', 'bill', 'cher', 'expensive', 'precio', 'Preis'] },
  { name: 'customer service', terms: ['service client', 'customer service', 'support', 'hotline', 'conseiller', 'atención al cliente', 'Kundenservice'] },
  { name: 'fiber', terms: ['fibre', 'fiber', 'box', 'wifi', 'débit', 'debit', 'speed', 'fibra'] },
  { name: 'app', terms: ['appli', 'application', 'app', "l'app"] },
];

export const demoConfig: DemoConfig = {
  brands: [
    {
      id: 'lumeo',
      name: 'Luméo',
      query: 'lumeo OR pannelumeo OR "lumeo mobile"',
      aspects: telecomAspects,
      competitors: ['vagatel', 'nordcom'],
    },
    { id: 'vagatel', name: 'Vagatel', query: 'vagatel', aspects: telecomAspects, competitors: [] },
    { id: 'nordcom', name: 'Nordcom', query: 'nordcom OR "nord com"', aspects: telecomAspects, competitors: [] },
  ],
  alertRules: [
    {
      id: 'lumeo-negative-spike',
      name: 'Luméo: pic de mentions négatives',
      type: 'negative_spike',
      brand: 'lumeo',
      enabled: true,
      filters: {},
      params: { windowMinutes: 15 },
      channels: [],
      cooldownMinutes: 60,
      timezone: 'Europe/Paris',
    },
  ],
};
