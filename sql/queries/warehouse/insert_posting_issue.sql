INSERT INTO core.posting_issues (month, posting_id, reason, action, detail, stage)
VALUES (%(month)s, %(posting_id)s, %(reason)s, %(action)s, %(detail)s, %(stage)s)
