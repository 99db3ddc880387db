/** Customer-managed KMS keys: the one reading of a key reference shared by every customer-key rule. */
import { isUnknownProp } from "./unknowns";

/**
 * Whether a KMS reference names a customer-managed key: a key ARN, or an alias ARN that is not an
 * AWS managed alias (`alias/aws/...`). A bare key ID is refused: the services expect an ARN.
 */
export function isCustomerManagedKeyArn(value: unknown): boolean {
    if (typeof value !== "string") {
        return false;
    }
    const m = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/(.+)$/.exec(value);
    if (!m) {
        return false;
    }
    return m[1] === "key" ? /^(mrk-)?[0-9a-f-]{32,}$/i.test(m[2]) : !m[2].startsWith("aws/");
}

/** Whether a KMS reference names an AWS managed key by its alias (`alias/aws/...`, as a name or an alias ARN). */
export function isAwsManagedAlias(value: string): boolean {
    return /(^|:)alias\/aws\//.test(value);
}

/**
 * What is wrong with a resource's customer-key property, or undefined when it names a
 * customer-managed key. A key unknown at preview is a key the stack is creating: the setting is
 * present, so it passes without reading the unknown.
 */
export function customerKeyProblem(props: Record<string, any>, prop: string, subject: string): string | undefined {
    if (isUnknownProp(props, prop)) {
        return undefined;
    }
    const arn = props[prop];
    if (typeof arn !== "string" || arn.trim() === "") {
        return `${prop} is not set: the ${subject} is encrypted with an AWS owned key that the organization cannot govern or revoke`;
    }
    // Bedrock also accepts an alias name (`alias/aws/bedrock`) where the input says ARN.
    if (isAwsManagedAlias(arn)) {
        return `${prop} ${arn} is an AWS managed key: its key policy cannot be changed, so access to the ${subject} cannot be restricted or revoked`;
    }
    if (!isCustomerManagedKeyArn(arn)) {
        return `${prop} ${arn} is not a KMS key or alias ARN (arn:aws:kms:REGION:ACCOUNT:key/ID), so it cannot be verified as a customer-managed key`;
    }
    return undefined;
}

/** A resource rule's `validate` that reports what `customerKeyProblem` finds in one property. */
export function validateCustomerKey(prop: string, subject: string) {
    return ({ props }: { props: Record<string, any> }, { report }: { report: (message: string) => void }): void => {
        const problem = customerKeyProblem(props, prop, subject);
        if (problem) {
            report(problem);
        }
    };
}

/**
 * `customerKeyProblem` for a key nested in the resource's props (`outputDataConfig.s3OutputDataConfig.s3EncryptionKeyId`):
 * a value unknown at preview anywhere on the path is a key the stack is creating, and passes.
 */
export function nestedCustomerKeyProblem(props: Record<string, any>, path: readonly string[], subject: string): string | undefined {
    let holder: Record<string, any> = props;
    for (const key of path.slice(0, -1)) {
        if (isUnknownProp(holder, key)) {
            return undefined;
        }
        const next = holder[key];
        holder = next !== null && typeof next === "object" && !Array.isArray(next) ? next : {};
    }
    const problem = customerKeyProblem(holder, path[path.length - 1], subject);
    return problem?.replace(/^\S+/, (prop) => (prop === path[path.length - 1] ? path.join(".") : prop));
}
