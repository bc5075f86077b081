import { z } from 'zod';
import { access, defineRoute } from './route';

export const adminLogin = defineRoute({
  method: 'POST',
  path: '/api/admin/auth/login',
  summary: 'Admin login with username and password',
  tags: ['admin'],
  access: access.public,
  body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) }),
  response: z.object({ token: z.string(), permissions: z.array(z.string()) }),
});
