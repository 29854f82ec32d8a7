-- The contact list shows people and companies first: contacts still named after their number (a caller
-- without a caller-id name) sort after them, each group by name. This index serves that order.
create index contacts_named_first on contacts ((name !~ '^[[:alpha:]]'), lower(name), id);
drop index contacts_by_name;
