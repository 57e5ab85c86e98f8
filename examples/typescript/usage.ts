// How a TypeScript front end or service calls the API through the client generated from
// openapi.json (`npm run generate` writes api.d.ts): every path, body and answer is typed,
// so a renamed field or a route that went away fails `npm run check`, not a user.
import createClient from "openapi-fetch";
import type { paths } from "./api";

const api = createClient<paths>({ baseUrl: "http://127.0.0.1:5000/api/v1" });

export async function signIn(email: string, password: string): Promise<string> {
  const { data, error, response } = await api.POST("/auth/login", {
    body: { email, password },
  });
  if (error) {
    throw new Error(`${response.status}: ${error.message}`);
  }
  return data.access_token ?? "";
}

export async function whoAmI(accessToken: string): Promise<string> {
  const { data, error } = await api.GET("/auth/user", {
    headers: { Authorization: `Bearer ${accessToken}` },
  });
  if (error) {
    throw new Error(error.message);
  }
  return data.email ?? "";
}

export async function firstWidgets(accessToken: string): Promise<string[]> {
  const { data } = await api.GET("/widgets", {
    params: { query: { page: 1, per_page: 10 } },
    headers: { Authorization: `Bearer ${accessToken}` },
  });
  return (data?.items ?? []).map((widget) => widget.name ?? "");
}
