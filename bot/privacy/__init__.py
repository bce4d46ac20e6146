"""RODO/GDPR: /privacy, /mydata and /forget."""
