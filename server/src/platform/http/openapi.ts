import { z } from 'zod';
import { ErrorBody, type Access } from '@mall/shared';
import type { DeclaredRoute } from './api-router';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  });
  return rest;
}

function describeAccess(access: Access): string {
  switch (access.kind) {
    case 'admin':
      return `admin with permission \`${access.permission}\``;
    case 'platform':
      return `called by ${access.platform}, authenticated by its signature`;
    default:
      return access.kind;
  }
}

/** OpenAPI 3.1 generated from the same zod contracts that validate requests: the two cannot drift apart. */
export function buildOpenApi(routes: DeclaredRoute[], info: { title: string; version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const openPath = route.path.replace(/:([A-Za-z_]\w*)/g, '{$1}');
    const c = route.contract;
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', c?.params],
      ['query', c?.query],
    ] as const) {
      if (!schema) continue;
      const json = schemaOf(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
      for (const [name, prop] of Object.entries(json.properties ?? {})) {
        parameters.push({
          name,
          in: where,
          required: where === 'path' || (json.required ?? []).includes(name),
          schema: prop,
        });
      }
    }
    if (!c && route.path.includes(':')) {
      for (const [, name] of route.path.matchAll(/:([A-Za-z_]\w*)/g)) {
        parameters.push({ name, in: 'path', required: true, schema: { type: 'string' } });
      }
    }
    const okStatus = String(c?.status ?? (c?.response ? 200 : 204));
    const operation: Record<string, unknown> = {
      summary: c?.summary ?? `${route.access.kind} route`,
      description: `Access: ${describeAccess(route.access)}.`,
      tags: c?.tags ?? [route.access.kind],
      operationId: `${route.method.toLowerCase()}${openPath.replace(/[^A-Za-z0-9]+(.)?/g, (_, ch: string | undefined) => (ch ? ch.toUpperCase() : ''))}`,
      ...(parameters.length ? { parameters } : {}),
      ...(c?.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(c.body, 'input') } } } }
        : {}),
      ...(route.access.kind === 'member' || route.access.kind === 'admin'
        ? { security: [{ [route.access.kind]: [] }] }
        : {}),
      responses: {
        [okStatus]: c?.response
          ? { description: 'OK', content: { 'application/json': { schema: schemaOf(c.response, 'output') } } }
          : { description: 'OK' },
        '4XX': {
          description: 'Refused',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    };
    paths[openPath] = { ...paths[openPath], [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      schemas: { Error: schemaOf(ErrorBody, 'output') },
      securitySchemes: {
        member: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Token from /api/auth/wechat-login',
        },
        admin: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Token from /api/admin/auth/login' },
      },
    },
  };
}
