/**
 * Where a component deploys.
 * Settings are data only (no validation here: components/config holds the schemas), so every
 * language the component plugin serves can express them.
 */
/** Where a component deploys. */
export interface DeploymentLocation {
    /** The 12-digit AWS account the resources live in; policies name only this account. */
    accountId: string;
    /** The AWS Region of the resources (the provider's Region); the partition follows from it. */
    region: string;
}
