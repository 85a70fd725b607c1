<?php
echo "hello from PHP ", PHP_VERSION, " via ", php_sapi_name(), "\n";
