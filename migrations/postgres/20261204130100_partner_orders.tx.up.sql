-- A partner client with orders:write sends orders through the API: such an order was
-- taken by no staff member, so created_by is null and partner_client_id says who sent it.
ALTER TABLE orders ALTER COLUMN created_by DROP NOT NULL;
