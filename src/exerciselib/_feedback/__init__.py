"""The patient's side: session logs, adherence, rules and plan revisions."""
