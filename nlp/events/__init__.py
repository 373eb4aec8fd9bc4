"""Events and roles: typed event frames from the parse, and leadership moves as (person, role, organisation, action)."""
