// TabregModel module.
