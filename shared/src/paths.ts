// No zod here: the mini-program imports this at run time (contracts only as types; see RouteRef).

/** Fills path parameters: ('/api/orders/:orderNo', { orderNo: 'X' }) -> '/api/orders/X'. */
export function buildPath(path: string, params: Record<string, string | number> = {}): string {
  return path.replace(/:([A-Za-z_]\w*)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter "${name}" for ${path}`);
    return encodeURIComponent(String(value));
  });
}
