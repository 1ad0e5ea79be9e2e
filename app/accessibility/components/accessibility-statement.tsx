// The accessibility statement page's content, in the order of GOV.UK's sample accessibility statement.
import { Fragment } from "react";
import { PageHeading, Table } from "~/components/page";
import { formatDate } from "~/time";
import type { AccessibilityStatement, CheckedPage } from "../statement";

const VIEWERS: Record<CheckedPage["viewedAs"], string> = {
  public: "Anyone (not signed in)",
  supplier: "Supplier",
  staff: "Commercial staff",
  evaluator: "Evaluator",
  admin: "Administrator",
};

function MailLink({ email }: { email: string }) {
  return <a href={`mailto:${email}`}>{email}</a>;
}

function PageList({ pages }: { pages: { path: string; name: string }[] }) {
  return (
    <>
      {pages.map((page, index) => (
        <Fragment key={page.path}>
          {index > 0 ? (index === pages.length - 1 ? " and " : ", ") : null}
          {page.name} (<code>{page.path}</code>)
        </Fragment>
      ))}
    </>
  );
}

export function AccessibilityStatementContent({ statement }: { statement: AccessibilityStatement }) {
  const { failedRules, checksNeedingReview, reportEmail, replyWorkingDays } = statement;
  const checkedOn = formatDate(statement.checkedOn);
  const pageCount = statement.pagesChecked.length;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <PageHeading>Accessibility statement for the AI Imaging Platform procurement portal</PageHeading>
        <p>
          This accessibility statement applies to the AI Imaging Platform procurement portal, run by the NHS AI Lab at
          NHS England. We want as many people as possible to be able to use it. You should be able to change colours,
          contrast and fonts, zoom in up to 400% without the text spilling off the screen, and get through the whole
          service using a keyboard or a screen reader.
        </p>
        <p>
          <a href="https://mcmw.abilitynet.org.uk/">AbilityNet</a> has advice on making your device easier to use if you
          have a disability.
        </p>

        <h2>How accessible this website is</h2>
        {failedRules.length > 0 ? (
          <>
            <p>We know some parts of this website are not fully accessible:</p>
            <ul>
              {failedRules.map((rule) => (
                <li key={rule.rule}>{rule.meaning}</li>
              ))}
            </ul>
          </>
        ) : (
          <p>
            Automated checks with axe, on the {pageCount} pages listed below, found no failures of WCAG 2.2 level AA.
            Automated checks find only some problems, and the portal has not yet had a manual audit, so there may be
            problems we do not know about.
          </p>
        )}
        <p>
          The portal is built with the NHS.UK design system and every form works without JavaScript. Documents the
          portal generates as PDFs each have an HTML version with the same content, because PDFs are harder to make
          accessible; our automated checks cover the HTML pages, not the PDFs.
        </p>

        <h2>Feedback and contact information</h2>
        <p>
          If you need information on this website in a different format, like accessible PDF, large print, easy read,
          audio recording or braille, email <MailLink email={reportEmail} />. We will reply within {replyWorkingDays}{" "}
          working days.
        </p>
        <p>
          Suppliers will not be disadvantaged in a procurement because of an accessibility problem with this portal:
          tell us, and we will make sure you receive the same information in a form you can use.
        </p>

        <h2>Reporting accessibility problems with this website</h2>
        <p>
          We are always looking to improve the accessibility of this website. If you find any problems not listed on
          this page, or think we are not meeting accessibility requirements, email <MailLink email={reportEmail} />. We
          will reply within {replyWorkingDays} working days.
        </p>

        <h2>Enforcement procedure</h2>
        <p>
          The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies
          (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the &lsquo;accessibility
          regulations&rsquo;). If you are not happy with how we respond to your complaint, contact the{" "}
          <a href="https://www.equalityadvisoryservice.com/">Equality Advisory and Support Service (EASS)</a>.
        </p>

        <h2>Technical information about this website&rsquo;s accessibility</h2>
        <p>
          NHS England is committed to making its website accessible, in accordance with the Public Sector Bodies
          (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018.
        </p>
        <h3>Compliance status</h3>
        {statement.status === "fully compliant" ? (
          <p>
            This website is <strong>fully compliant</strong> with the{" "}
            <a href="https://www.w3.org/TR/WCAG22/">Web Content Accessibility Guidelines version 2.2</a> AA standard.
          </p>
        ) : (
          <p>
            This website is <strong>partially compliant</strong> with the{" "}
            <a href="https://www.w3.org/TR/WCAG22/">Web Content Accessibility Guidelines version 2.2</a> AA standard,
            {failedRules.length > 0
              ? " due to the non-compliances listed below."
              : " because it has not yet had a manual audit: automated checks found no failures, but they cannot find every problem."}
          </p>
        )}

        <h2>Non-accessible content</h2>
        <h3>Non-compliance with the accessibility regulations</h3>
        {failedRules.length > 0 ? (
          <>
            <p>The content listed below is non-accessible for the following reasons.</p>
            {failedRules.map((rule) => (
              <div key={rule.rule} id={`rule-${rule.rule}`}>
                <h4>{rule.help}</h4>
                <p>
                  {rule.meaning}
                  {rule.criteria.length > 0 ? (
                    <>
                      {" "}
                      This fails WCAG 2.2 success criteri{rule.criteria.length > 1 ? "a" : "on"}{" "}
                      {rule.criteria
                        .map((criterion) => `${criterion.number}${criterion.name ? ` (${criterion.name})` : ""}`)
                        .join(" and ")}
                      .
                    </>
                  ) : null}
                </p>
                <p>
                  Found on <PageList pages={rule.pages} />. Axe rule <code>{rule.rule}</code>, impact {rule.impact} (
                  <a href={rule.helpUrl}>what the rule checks</a>).
                </p>
              </div>
            ))}
            <p>We plan to fix these. This statement is updated as each is fixed.</p>
          </>
        ) : (
          <p>
            Our automated checks found no content that fails WCAG 2.2 AA on the pages listed under &lsquo;Preparation of
            this accessibility statement&rsquo;. Until the portal has had a manual audit we cannot say that nothing
            fails.
          </p>
        )}
        {checksNeedingReview.length > 0 ? (
          <>
            <h3>Checks that need a person</h3>
            <p>Automated testing could not decide these, so they have to be checked by hand:</p>
            <ul>
              {checksNeedingReview.map((check) => (
                <li key={check.rule}>
                  {check.help} (axe rule <code>{check.rule}</code>), on <PageList pages={check.pages} />
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <h3>Disproportionate burden</h3>
        <p>We do not claim that fixing any accessibility problem would be a disproportionate burden.</p>

        <h2>What we&rsquo;re doing to improve accessibility</h2>
        <p>
          Every change to the portal is checked with axe on the pages listed below, and the check fails if its results
          differ from this statement, so the statement changes whenever they do.{" "}
          {statement.manualAudit
            ? null
            : "The portal has not yet had a manual audit against WCAG 2.2 AA; when it has, we will publish what it found here."}
        </p>

        <h2>Preparation of this accessibility statement</h2>
        <p>
          This statement was prepared on {checkedOn} from the results of the portal&rsquo;s own automated tests.
          {statement.manualAudit
            ? ` The portal was also audited by hand against WCAG 2.2 AA by ${statement.manualAudit.by}, finishing on ${formatDate(statement.manualAudit.completedOn)}.`
            : null}
        </p>
        <p>
          The portal was last tested on {checkedOn} with axe-core {statement.axeCoreVersion} in {statement.browser},
          against the WCAG 2.0, 2.1 and 2.2 level A and AA rules. We tested {pageCount} pages, chosen as a
          representative page of each kind for each kind of user, on the portal&rsquo;s demonstration data:
        </p>
        <Table
          caption="Pages tested"
          head={["Page", "Address", "Viewed as", "Failures found"]}
          rows={statement.pagesChecked.map((page) => [
            page.name,
            <code key="path">{page.path}</code>,
            VIEWERS[page.viewedAs],
            String(page.violations),
          ])}
        />
      </div>
    </div>
  );
}
