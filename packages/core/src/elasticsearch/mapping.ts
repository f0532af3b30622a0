import type { TSchema } from 'typebox';

export type FieldMapping = Record<string, unknown>;

interface JsonSchemaNode {
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode;
}

/**
 * Derive Elasticsearch properties from a JSON Schema so the index cannot drift from the contract.
 * Strings are keywords unless `overrides` (keyed by dotted path) say otherwise.
 */
export function mappingFromSchema(schema: TSchema, overrides: Record<string, FieldMapping> = {}, path = ''): Record<string, FieldMapping> {
  const properties: Record<string, FieldMapping> = {};
  for (const [name, node] of Object.entries((schema as JsonSchemaNode).properties ?? {})) {
    const dotted = path ? `${path}.${name}` : name;
    properties[name] = overrides[dotted] ?? fieldMapping(node, overrides, dotted);
  }
  return properties;
}

function fieldMapping(node: JsonSchemaNode, overrides: Record<string, FieldMapping>, path: string): FieldMapping {
  const item = node.type === 'array' && node.items ? node.items : node;
  if (item.type === 'object') return { properties: mappingFromSchema(item as TSchema, overrides, path) };
  if (item.type === 'integer') return { type: 'long' };
  if (item.type === 'number') return { type: 'float' };
  if (item.type === 'boolean') return { type: 'boolean' };
  if (item.format === 'date-time') return { type: 'date' };
  return { type: 'keyword', ignore_above: 1024 };
}
