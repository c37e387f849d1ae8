"""Scale-out: several app server processes on one PostgreSQL database and one Redis, tested over real HTTP."""
