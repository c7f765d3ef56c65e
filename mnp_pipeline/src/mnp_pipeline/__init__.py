"""mnp_pipeline: from helpdesk tickets to MaintForecastEvent rows tied to circuits."""
