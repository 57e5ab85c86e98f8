"""Operations: request ids, structured logs, metrics and the audit trail."""
