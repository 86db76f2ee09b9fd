// MariaDB Connector/C (Debian libmariadb-dev), for SluiceMySQL only.
#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>
