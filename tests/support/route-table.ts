// Every URL the portal serves, read from the Remix build's own route table (build/index.js), so a
// test can request each one without a list that someone must remember to extend.
import { loadBuild } from "../setup/portal";

export type BuiltRoute = {
  /** The route's id: "routes/" and its module's name in app/routes, without the extension. */
  id: string;
  /** Its URL pattern, parameters as :name ("/procurements/:slug/bid"). */
  pattern: string;
  /** The :params of the pattern, in order. */
  params: string[];
  /** A GET reaches it: it has a loader or renders a page. */
  answersGet: boolean;
};

/** The build's routes below the root layout, ordered by pattern (a stable order to request them in). */
export async function builtRoutes(): Promise<BuiltRoute[]> {
  const { routes } = await loadBuild();
  const patternOf = (id: string): string => {
    const route = routes[id];
    if (!route) throw new Error(`The build has no route ${id}`);
    const own = route.path ?? "";
    const parent = route.parentId ? patternOf(route.parentId) : "";
    return `${parent.replace(/\/$/, "")}/${own}`.replace(/\/+/g, "/");
  };
  return Object.values(routes)
    .filter((route) => route.id !== "root")
    .map((route) => {
      const pattern = patternOf(route.id).replace(/(.)\/$/, "$1");
      const module = route.module as { loader?: unknown; default?: unknown };
      return {
        id: route.id,
        pattern,
        params: [...pattern.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]),
        answersGet: Boolean(module.loader || module.default),
      };
    })
    .sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/** The pattern with each :param replaced by its (URL-encoded) value; a missing value is an error. */
export function fillPattern(pattern: string, params: Record<string, string>): string {
  return pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`No value for :${name} in ${pattern}`);
    return encodeURIComponent(value);
  });
}

/** Every combination of the candidate values of each parameter (one combination for none). */
export function parameterCombinations(
  params: string[],
  candidates: Record<string, string[]>,
): Record<string, string>[] {
  let combinations: Record<string, string>[] = [{}];
  for (const name of params) {
    const values = candidates[name] ?? [];
    combinations = combinations.flatMap((partial) => values.map((value) => ({ ...partial, [name]: value })));
  }
  return combinations;
}
