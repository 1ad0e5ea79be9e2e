import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import nhsukStyles from "nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css";
import { useEffect } from "react";
import { sessionState } from "~/auth/guards.server";
import { navigationFor, ROLE_LABELS } from "~/auth/permissions";
import { Footer, Header, Notice, SERVICE_NAME, type LayoutUser } from "~/components/layout";
import { config } from "~/config.server";
import { takeNotice } from "~/notice.server";
import { useNonce } from "~/nonce";
import portalStyles from "~/styles/portal.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: nhsukStyles },
  { rel: "stylesheet", href: portalStyles },
  { rel: "icon", href: "/assets/images/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: SERVICE_NAME }];

export async function loader({ request }: LoaderFunctionArgs) {
  const state = await sessionState(request);
  const { notice, clear } = await takeNotice(request);
  let user: LayoutUser = null;
  if (state.state !== "signed-out") {
    const signedIn = state.state === "signed-in";
    user = {
      name: state.user.name,
      email: state.user.email,
      roleLabel: ROLE_LABELS[state.user.role],
      navigation: signedIn ? navigationFor(state.user) : [],
    };
  }
  const body = { user, notice, demoInstance: config().demoInstance };
  return data(body, clear ? { headers: { "Set-Cookie": clear } } : undefined);
}

function Document({ children, title }: { children: React.ReactNode; title?: string }) {
  const nonce = useNonce();
  // Effects run once React has hydrated the page and its handlers are attached: the browser tests
  // wait for this mark rather than for the network to fall quiet.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {title ? <title>{title}</title> : null}
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const { user, notice, demoInstance } = useLoaderData<typeof loader>();
  return (
    <Document>
      <Header user={user} demoInstance={demoInstance} />
      <div className="nhsuk-width-container">
        <main className="nhsuk-main-wrapper" id="maincontent" role="main">
          {notice ? <Notice>{notice}</Notice> : null}
          <Outlet />
        </main>
      </div>
      <Footer />
    </Document>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const rootData = useRouteLoaderData<typeof loader>("root");
  let title = "Sorry, there is a problem with the service";
  let body = <p>Try again later. If the problem continues, contact the NHS AI Lab commercial team.</p>;
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      title = "Page not found";
      body = (
        <p>
          If you typed the web address, check it is correct. If you pasted the web address, check you copied the entire
          address.
        </p>
      );
    } else if (error.status === 403) {
      title = "You do not have permission to see this page";
      body = <p>If you think you should have access, contact your administrator.</p>;
    } else if (error.status === 413) {
      title = "What you sent is too large";
      body = <p>Go back and try again with less text or a smaller file.</p>;
    } else if (error.status === 400) {
      title = "Sorry, we could not understand that request";
      body = <p>Go back and try again.</p>;
    }
  }
  return (
    <Document title={`${title} – ${SERVICE_NAME}`}>
      <Header user={rootData?.user ?? null} demoInstance={rootData?.demoInstance ?? false} />
      <div className="nhsuk-width-container">
        <main className="nhsuk-main-wrapper" id="maincontent" role="main">
          <h1>{title}</h1>
          {body}
        </main>
      </div>
      <Footer />
    </Document>
  );
}
