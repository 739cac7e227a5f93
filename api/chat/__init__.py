"""ChatOps: one chat-agnostic summary, thin adapters for Slack, Microsoft Teams and Mattermost."""
