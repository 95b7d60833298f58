"""Qt only: windows, forms, dialogs, table models. Calls the services in models/."""
