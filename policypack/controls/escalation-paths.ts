/**
 * Privilege escalation by running code as someone else: what an agent could do with an existing
 * compute resource (function, build project, dev endpoint, instance, runtime, sandbox) whose role is
 * more powerful than its own. Each is the same escape as `sts:AssumeRole`, which the destructive
 * catalogue denies for that reason.
 *
 * Source: pathfinding.cloud, Datadog's AWS IAM privilege-escalation path library (Apache-2.0,
 * https://pathfinding.cloud, https://github.com/DataDog/pathfinding.cloud `data/paths/aws/`; IDs as
 * of the pathfinding-labs scenarios of 2026-05-16), which builds on Rhino Security Labs' "AWS
 * privilege escalation methods" and Bishop Fox's iam-vulnerable. Listed here are its paths that need
 * no `iam:PassRole` and no IAM write (category `existing-passrole`): the others are closed by the
 * catalogue's `iam:PassRole` deny (category `new-passrole`) and its IdentityWrites and RoleChaining
 * groups (categories `self-escalation`, `principal-access`). One path comes from Prowler's
 * catalogue of the same sources (`prowler/providers/aws/services/iam/lib/privilege_escalation.py`).
 *
 * The AgentPermissionBoundary denies every pivot; the boundary and agent-role rules flag a policy
 * that allows every action of a path (on resources the agent does not own), naming the path; the
 * organization's agent-ceiling SCP denies the pivots to every role on the agent path.
 */

/** An action a ceiling denies to close a path. */
export interface EscalationPivot {
    action: string;
    /**
     * The resource type the path needs, as the service authorization reference names it, when the
     * action also reaches resources without a customer role: AgentCore's built-in code interpreter
     * and browser (`code-interpreter`, `browser`, in account `aws`) run under no role of the
     * account, their `-custom` counterparts under an execution role the creator chose. Absent: every
     * resource of the action.
     */
    resourceType?: "code-interpreter-custom" | "browser-custom";
}

export interface EscalationPath {
    /** The catalogue's ID (`lambda-003`), or `prowler:<combination>` for Prowler's. */
    id: string;
    /** What the path lets its holder do, for findings. */
    description: string;
    /** Every action the path needs, together. */
    requires: readonly string[];
    /** The actions that run the code or hand over the credentials: denying any one closes the path; the boundary denies all. */
    pivots: readonly EscalationPivot[];
}

export const ESCALATION_PATHS: readonly EscalationPath[] = [
    {
        id: "lambda-003",
        description: "replace an existing function's code, which then runs with the function's execution role",
        requires: ["lambda:UpdateFunctionCode"],
        pivots: [{ action: "lambda:UpdateFunctionCode" }],
    },
    {
        id: "prowler:lambda:UpdateFunctionConfiguration",
        description: "change an existing function's layers, handler or environment, so code of the caller's choosing runs with its execution role",
        requires: ["lambda:UpdateFunctionConfiguration"],
        pivots: [{ action: "lambda:UpdateFunctionConfiguration" }],
    },
    {
        id: "glue-002",
        description: "add an SSH key to an existing Glue development endpoint and use its role",
        requires: ["glue:UpdateDevEndpoint"],
        pivots: [{ action: "glue:UpdateDevEndpoint" }],
    },
    {
        id: "ssm-001",
        description: "open a shell on a managed instance and use its instance profile",
        requires: ["ssm:StartSession"],
        pivots: [{ action: "ssm:StartSession" }],
    },
    {
        id: "ssm-002",
        description: "run commands on a managed instance under its instance profile",
        requires: ["ssm:SendCommand"],
        pivots: [{ action: "ssm:SendCommand" }],
    },
    {
        id: "ec2-003",
        description: "push an SSH key to an instance through EC2 Instance Connect and use its instance profile",
        requires: ["ec2-instance-connect:SendSSHPublicKey", "ec2:DescribeInstances"],
        pivots: [{ action: "ec2-instance-connect:SendSSHPublicKey" }],
    },
    {
        id: "ec2-002",
        description: "rewrite an instance's user data and restart it, so the new script runs under its instance profile",
        requires: ["ec2:ModifyInstanceAttribute", "ec2:StopInstances", "ec2:StartInstances"],
        pivots: [{ action: "ec2:ModifyInstanceAttribute" }],
    },
    {
        id: "ec2-005",
        description: "publish a launch template version with new user data that instances launched from it run under their instance profile",
        requires: ["ec2:CreateLaunchTemplateVersion", "ec2:ModifyLaunchTemplate"],
        pivots: [{ action: "ec2:CreateLaunchTemplateVersion" }, { action: "ec2:ModifyLaunchTemplate" }],
    },
    {
        id: "ecs-006",
        description: "run a command in a running task through ECS Exec and use its task role",
        requires: ["ecs:ExecuteCommand", "ecs:DescribeTasks"],
        pivots: [{ action: "ecs:ExecuteCommand" }],
    },
    {
        id: "codebuild-002",
        description: "start a build of an existing project with an overridden buildspec, which runs under the project's service role",
        requires: ["codebuild:StartBuild"],
        pivots: [{ action: "codebuild:StartBuild" }],
    },
    {
        id: "codebuild-003",
        description: "start a batch build of an existing project with an overridden buildspec, under the project's service role",
        requires: ["codebuild:StartBuildBatch"],
        pivots: [{ action: "codebuild:StartBuildBatch" }],
    },
    {
        id: "cloudformation-002",
        description: "update an existing stack with a template of the caller's choosing, deployed by the stack's service role",
        requires: ["cloudformation:UpdateStack"],
        pivots: [{ action: "cloudformation:UpdateStack" }],
    },
    {
        id: "cloudformation-005",
        description: "create and execute a change set on an existing stack, deployed by the stack's service role",
        requires: ["cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet"],
        pivots: [{ action: "cloudformation:CreateChangeSet" }, { action: "cloudformation:ExecuteChangeSet" }],
    },
    {
        id: "apprunner-002",
        description: "point an existing App Runner service at new code, which runs with the service's instance role",
        requires: ["apprunner:UpdateService"],
        pivots: [{ action: "apprunner:UpdateService" }],
    },
    {
        id: "sagemaker-004",
        description: "open an existing notebook instance's Jupyter and use its execution role",
        requires: ["sagemaker:CreatePresignedNotebookInstanceUrl"],
        pivots: [{ action: "sagemaker:CreatePresignedNotebookInstanceUrl" }],
    },
    {
        id: "sagemaker-005",
        description: "attach a lifecycle script to an existing notebook instance and restart it, so the script runs under its execution role",
        requires: ["sagemaker:CreateNotebookInstanceLifecycleConfig", "sagemaker:StopNotebookInstance", "sagemaker:UpdateNotebookInstance", "sagemaker:StartNotebookInstance"],
        pivots: [{ action: "sagemaker:CreateNotebookInstanceLifecycleConfig" }, { action: "sagemaker:UpdateNotebookInstance" }],
    },
    {
        id: "bedrock-004",
        description: "run a shell command as root in an existing AgentCore runtime or harness and read its execution role's credentials, bypassing the agent, the model and the guardrail",
        requires: ["bedrock-agentcore:InvokeAgentRuntimeCommand"],
        pivots: [{ action: "bedrock-agentcore:InvokeAgentRuntimeCommand" }],
    },
    {
        // The same microVM, reached through the interactive shell variant of the command API.
        id: "bedrock-004 (InvokeAgentRuntimeCommandShell)",
        description: "open an interactive shell in an existing AgentCore runtime and read its execution role's credentials",
        requires: ["bedrock-agentcore:InvokeAgentRuntimeCommandShell"],
        pivots: [{ action: "bedrock-agentcore:InvokeAgentRuntimeCommandShell" }],
    },
    {
        id: "bedrock-002",
        description: "run code in an existing custom AgentCore code interpreter and use its execution role",
        requires: ["bedrock-agentcore:StartCodeInterpreterSession", "bedrock-agentcore:InvokeCodeInterpreter"],
        pivots: [
            { action: "bedrock-agentcore:StartCodeInterpreterSession", resourceType: "code-interpreter-custom" },
            { action: "bedrock-agentcore:InvokeCodeInterpreter", resourceType: "code-interpreter-custom" },
        ],
    },
    {
        id: "bedrock-007",
        description: "drive an existing custom AgentCore browser over its automation stream and read its execution role's credentials",
        requires: ["bedrock-agentcore:StartBrowserSession", "bedrock-agentcore:ConnectBrowserAutomationStream"],
        // ConnectBrowserAutomationStream names no resource type: the session start is the one to scope.
        pivots: [{ action: "bedrock-agentcore:StartBrowserSession", resourceType: "browser-custom" }],
    },
];

/** The ARN pattern of a pivot's resource type in every Region and account of a partition, or `*`. */
export function pivotResource(pivot: EscalationPivot, partition: string): string {
    return pivot.resourceType ? `arn:${partition}:bedrock-agentcore:*:*:${pivot.resourceType}/*` : "*";
}

/** Every pivot, in catalogue order, one entry per action and resource type. */
export const ESCALATION_PIVOTS: readonly EscalationPivot[] = ESCALATION_PATHS.flatMap((p) => p.pivots).filter(
    (pivot, i, all) => all.findIndex((o) => o.action === pivot.action && o.resourceType === pivot.resourceType) === i,
);

/**
 * The pivots that are escalations only on the custom AgentCore sandboxes (the built-in code
 * interpreter and browser run under no role of the account): their actions, and the custom
 * resources' ARN patterns in a partition, as one Deny statement takes them.
 */
export function customSandboxPivots(partition: string): { actions: string[]; resources: string[] } {
    const pivots = ESCALATION_PIVOTS.filter((p) => p.resourceType !== undefined);
    return { actions: [...new Set(pivots.map((p) => p.action))], resources: [...new Set(pivots.map((p) => pivotResource(p, partition)))] };
}
