// The page frame: skip link, NHS header with the service name and navigation, banners, footer.
import { Form, Link, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import type { NavigationItem } from "~/auth/permissions";

export const SERVICE_NAME = "AI Imaging Platform procurement";

export type LayoutUser = { name: string; email: string; roleLabel: string; navigation: NavigationItem[] } | null;

function NhsLogo() {
  return (
    <svg
      className="nhsuk-header__logo"
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 200 80"
      height="40"
      width="100"
      focusable="false"
      role="img"
      aria-label="NHS"
    >
      <title>NHS</title>
      <path
        fill="currentcolor"
        d="M200 0v80H0V0h200Zm-27.5 5.5c-14.5 0-29 5-29 22 0 10.2 7.7 13.5 14.7 16.3l.7.3c5.4 2 10.1 3.9 10.1 8.4 0 6.5-8.5 7.5-14 7.5s-12.5-1.5-16-3.5L135 70c5.5 2 13.5 3.5 20 3.5 15.5 0 32-4.5 32-22.5 0-19.5-25.5-16.5-25.5-25.5 0-5.5 5.5-6.5 12.5-6.5a35 35 0 0 1 14.5 3l4-13.5c-4.5-2-12-3-20-3Zm-131 2h-22l-14 65H22l9-45h.5l13.5 45h21.5l14-65H64l-9 45h-.5l-13-45Zm63 0h-18l-13 65h17l6-28H117l-5.5 28H129l13.5-65H125L119.5 32h-20l5-24.5Z"
      />
    </svg>
  );
}

export function Header({ user, demoInstance }: { user: LayoutUser; demoInstance: boolean }) {
  const location = useLocation();
  return (
    <>
      <a className="nhsuk-skip-link" href="#maincontent">
        Skip to main content
      </a>
      {demoInstance ? (
        <div className="portal-demo-banner" role="region" aria-label="Demo instance">
          <div className="nhsuk-width-container">
            <strong className="nhsuk-tag nhsuk-tag--yellow">Demo instance</strong> This is a demonstration copy of the
            portal with made-up data. Demo accounts may skip two-factor sign-in.
          </div>
        </div>
      ) : null}
      <header className="nhsuk-header" role="banner">
        <div className="nhsuk-header__container nhsuk-width-container">
          <div className="nhsuk-header__service">
            <a className="nhsuk-header__service-logo" href="/" aria-label={`NHS ${SERVICE_NAME} homepage`}>
              <NhsLogo />
              <span className="nhsuk-header__service-name">{SERVICE_NAME}</span>
            </a>
          </div>
          <nav className="nhsuk-header__account" aria-label="Account">
            <ul className="nhsuk-header__account-list">
              {user ? (
                <>
                  <li className="nhsuk-header__account-item">
                    <Link className="nhsuk-header__account-link" to="/account">
                      {user.name} <span className="nhsuk-u-visually-hidden">(your account)</span>
                    </Link>
                  </li>
                  <li className="nhsuk-header__account-item">
                    <Form method="post" action="/sign-out" className="nhsuk-header__account-form">
                      <button className="nhsuk-header__account-button" type="submit">
                        Sign out
                      </button>
                    </Form>
                  </li>
                </>
              ) : (
                <li className="nhsuk-header__account-item">
                  <Link className="nhsuk-header__account-link" to="/sign-in">
                    Sign in
                  </Link>
                </li>
              )}
            </ul>
          </nav>
        </div>
        {user && user.navigation.length > 0 ? (
          <nav className="nhsuk-header__navigation" aria-label="Menu">
            <div className="nhsuk-header__navigation-container nhsuk-width-container">
              <ul className="nhsuk-header__navigation-list">
                {user.navigation.map((item) => {
                  const current = location.pathname === item.href;
                  return (
                    <li
                      key={item.href}
                      className={`nhsuk-header__navigation-item${current ? " nhsuk-header__navigation-item--current" : ""}`}
                    >
                      <Link
                        className="nhsuk-header__navigation-link"
                        to={item.href}
                        aria-current={current ? "page" : undefined}
                      >
                        {current ? (
                          <strong className="nhsuk-header__navigation-item-current-fallback">{item.label}</strong>
                        ) : (
                          item.label
                        )}
                      </Link>
                    </li>
                  );
                })}
              </ul>
            </div>
          </nav>
        ) : null}
      </header>
    </>
  );
}

export function Footer() {
  return (
    <footer role="contentinfo">
      <div className="nhsuk-footer">
        <div className="nhsuk-width-container">
          <h2 className="nhsuk-u-visually-hidden">Support links</h2>
          <div className="nhsuk-footer__meta">
            <ul className="nhsuk-footer__list">
              <li className="nhsuk-footer__list-item">
                <Link className="nhsuk-footer__list-item-link" to="/accessibility">
                  Accessibility statement
                </Link>
              </li>
              <li className="nhsuk-footer__list-item">
                <Link className="nhsuk-footer__list-item-link" to="/privacy">
                  Privacy notice
                </Link>
              </li>
            </ul>
            <p className="nhsuk-body-s">
              Run by the NHS AI Lab, NHS England, on behalf of the Department of Health and Social Care.
            </p>
            <p className="nhsuk-footer__copyright">© NHS England</p>
          </div>
        </div>
      </div>
    </footer>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div
      className="nhsuk-notification-banner nhsuk-notification-banner--success"
      role="alert"
      aria-labelledby="notice-title"
      data-module="nhsuk-notification-banner"
    >
      <div className="nhsuk-notification-banner__header">
        <h2 className="nhsuk-notification-banner__title" id="notice-title">
          Success
        </h2>
      </div>
      <div className="nhsuk-notification-banner__content">
        <p className="nhsuk-notification-banner__heading">{children}</p>
      </div>
    </div>
  );
}
