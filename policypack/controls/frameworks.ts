/**
 * The control frameworks the rules are mapped to, as data: every rule names the controls it
 * implements in its metadata (`frameworks`), the pack sends them to Pulumi Cloud (`framework` takes
 * one framework per policy: OWASP; both are in the policy's tags), and the reports and the
 * catalogue read them from there.
 *
 * - OWASP Top 10 for Large Language Model Applications, 2025 edition (genai.owasp.org).
 * - AWS AI Security Framework, with the stable requirement IDs of Prowler's compliance mapping
 *   (`prowler/compliance/aws/aws_ai_security_framework_aws.json`, framework version 1.0).
 */

export const OWASP_LLM = {
    key: "owasp-llm-2025",
    name: "OWASP Top 10 for LLM Applications",
    version: "2025",
    controls: {
        LLM01: "Prompt Injection",
        LLM02: "Sensitive Information Disclosure",
        LLM03: "Supply Chain",
        LLM04: "Data and Model Poisoning",
        LLM05: "Improper Output Handling",
        LLM06: "Excessive Agency",
        LLM07: "System Prompt Leakage",
        LLM08: "Vector and Embedding Weaknesses",
        LLM09: "Misinformation",
        LLM10: "Unbounded Consumption",
    },
} as const;

export const AWS_AISF = {
    key: "aws-aisf",
    name: "AWS AI Security Framework",
    version: "1.0",
    /** The requirements the rules implement, by Prowler's IDs (a subset of the framework). */
    controls: {
        "AISF-INFRA-01": "Bedrock VPC Private Connectivity",
        "AISF-INFRA-03": "WAF Protection for AI Endpoints",
        "AISF-INFRA-05": "Encryption at Rest for AI Data",
        "AISF-INFRA-07": "Customer-Managed Key Governance",
        "AISF-INFRA-08": "VPC Security for AI Workloads",
        "AISF-IAM-02": "Least Privilege for AI Identities",
        "AISF-IAM-05": "AI Service Role Security",
        "AISF-IAM-08": "API Authorization for AI Endpoints",
        "AISF-DATA-02": "Access Analysis for AI Resources",
        "AISF-DATA-04": "S3 Data Protection for AI",
        "AISF-AI-01": "Bedrock Guardrails Configuration",
        "AISF-AI-02": "Prompt Injection Defense",
        "AISF-AI-03": "PII and Sensitive Data Filtering",
        "AISF-AI-04": "Agent Guardrail Protection",
        "AISF-AI-05": "Model Invocation Logging",
        "AISF-AI-06": "Bedrock API Audit Trail",
        "AISF-AI-09": "Contextual Grounding for RAG Validation",
        "AISF-AGENT-01": "Agent Identity and Authentication",
        "AISF-AGENT-02": "Agent Least-Privilege Authorization",
        "AISF-AGENT-05": "Human Approval for Critical Agent Actions",
        "AISF-DETECT-01": "Comprehensive Audit Logging",
        "AISF-DETECT-05": "Security Event Alerting",
        "AISF-GOV-01": "Configuration Compliance Monitoring",
        "AISF-GOV-02": "Organization Governance",
        "AISF-MODEL-02": "Model Selection Governance",
    },
} as const;

export type OwaspLlmId = keyof typeof OWASP_LLM.controls;
export type AisfId = keyof typeof AWS_AISF.controls;

/** The controls one rule implements, in each framework (at least one in each). */
export interface FrameworkMapping {
    owaspLlm: readonly OwaspLlmId[];
    awsAisf: readonly AisfId[];
}
