// TabregData module.
