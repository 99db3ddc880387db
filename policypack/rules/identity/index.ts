import { Rule } from "../../lib/rule";
import { agentRoleDedicated } from "./agent-role-dedicated";
import { agentRoleTrustScoped } from "./agent-role-trust-scoped";
import { agentRolePermissionBoundary } from "./agent-role-permission-boundary";
import { permissionBoundaryNonDestructive } from "./permission-boundary-non-destructive";
import { agentRoleNoAdminPolicies } from "./agent-role-no-admin-policies";

export const identityRules: Rule[] = [agentRoleDedicated, agentRoleTrustScoped, agentRolePermissionBoundary, permissionBoundaryNonDestructive, agentRoleNoAdminPolicies];
