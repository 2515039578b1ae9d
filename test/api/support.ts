import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';
import { newApiKey } from '../../src/api/keys.ts';
import { insertApiKey } from '../../src/db/api-keys.ts';
import type { Deps } from '../../src/deps.ts';

/** A live key, as `tend api-key create` makes it. */
export async function createKey(deps: Deps, name = 'test'): Promise<string> {
  const key = await newApiKey();
  await insertApiKey(deps.db, { name, ...key, now: deps.clock().toISOString() });
  return key.key;
}

type Operation = {
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
};
export type OpenApiDocument = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
};

/**
 * Checks answers against the OpenAPI document the server itself publishes: each answer's
 * status must be one the operation declares, with the declared media type, and its body
 * must match the declared schema (ajv, JSON Schema 2020-12, as OpenAPI 3.1 uses).
 * Remembers which operations were checked, so a test can require that all were.
 */
export function openApiChecker(document: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addFormat('date-time', true);
  ajv.addSchema({ $id: 'doc', components: document.components });
  const validators = new Map<string, ValidateFunction>();
  const seen = new Set<string>();

  const operationOf = (method: string, path: string) => {
    for (const [template, operations] of Object.entries(document.paths)) {
      const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      const operation = operations[method.toLowerCase()];
      if (pattern.test(path) && operation) return { template, operation };
    }
    return undefined;
  };

  return {
    /** Every declared operation, as `METHOD /template`. */
    operations(): string[] {
      return Object.entries(document.paths).flatMap(([template, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${template}`),
      );
    },
    checked(): string[] {
      return [...seen];
    },
    /** Throws unless the answer is one the document declares for this request. */
    async check(method: string, path: string, response: Response): Promise<void> {
      const found = operationOf(method, path);
      if (!found) throw new Error(`${method} ${path}: not in the OpenAPI document`);
      seen.add(`${method.toUpperCase()} ${found.template}`);
      const declared = found.operation.responses[String(response.status)];
      if (!declared) {
        throw new Error(`${method} ${path}: status ${response.status} is not declared`);
      }
      if (!declared.content) {
        const body = await response.clone().text();
        if (body !== '') throw new Error(`${method} ${path}: a body where none is declared`);
        return;
      }
      const type = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
      const media = declared.content[type];
      if (!media) throw new Error(`${method} ${path}: content type ${type} is not declared`);
      const key = `${found.template} ${method} ${response.status} ${type}`;
      let validate = validators.get(key);
      if (!validate) {
        const schema = JSON.parse(
          JSON.stringify(media.schema).replaceAll('"#/components/', '"doc#/components/'),
        );
        validate = ajv.compile(schema);
        validators.set(key, validate);
      }
      const body: unknown = await response.clone().json();
      if (!validate(body)) {
        throw new Error(
          `${method} ${path} ${response.status}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`,
        );
      }
    },
  };
}
