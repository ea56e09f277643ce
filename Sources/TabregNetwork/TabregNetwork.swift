// TabregNetwork module.
