// Roles, where each one lands after sign-in, and what its navigation offers.
export const ROLES = ["supplier", "staff", "evaluator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  supplier: "Supplier",
  staff: "Commercial officer (staff)",
  evaluator: "Evaluator",
  admin: "Administrator",
};

export function homePathFor(role: Role): string {
  return `/${role === "supplier" ? "supplier" : role}`;
}

/** Staff, evaluators and admins see sealed bids and scores, so they must use two-factor sign-in. */
export function requiresTwoFactor(role: Role): boolean {
  return role !== "supplier";
}

export type NavigationItem = { href: string; label: string };

export function navigationFor(user: { role: Role; isOrganisationAdmin: boolean }): NavigationItem[] {
  const items: NavigationItem[] = [{ href: homePathFor(user.role), label: "Dashboard" }];
  if (user.role !== "admin") items.push({ href: "/procurements", label: "Procurements" });
  if (user.role === "supplier" && user.isOrganisationAdmin) {
    items.push({ href: "/organisation", label: "Your organisation" });
  }
  if (user.role === "admin") {
    items.push(
      { href: "/admin/users", label: "Users" },
      { href: "/admin/audit", label: "Audit log" },
      { href: "/admin/mail", label: "Sent mail" },
    );
  }
  items.push({ href: "/account", label: "Your account" });
  return items;
}
