"""What every feature shares: users and roles, topics, i18n, screens, dates, callbacks."""
