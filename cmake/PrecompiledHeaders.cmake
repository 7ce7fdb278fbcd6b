# Precompiled headers: the heavy third-party headers (the standard library,
# Eigen, oneTBB, nlohmann/json, Qt) are parsed once per target instead of once
# per source file. Test executables have one source each, so every test of a
# kind reuses one header of its kind (REUSE_FROM). Only third-party headers go
# in: editing our own never rebuilds a precompiled header. With -DDLAB_PCH=OFF
# every file must still compile on its own includes (checked by that build).
option(DLAB_PCH "Precompile the heavy third-party headers (shorter clean builds)" ON)

# ccache caches files compiled with a precompiled header only with these
# sloppiness settings (ccache manual, "Precompiled headers"); a launcher that
# is ccache gets them through its environment, so a local ccache needs no
# configuration.
if(DLAB_PCH AND CMAKE_CXX_COMPILER_LAUNCHER MATCHES "ccache")
  set(CMAKE_CXX_COMPILER_LAUNCHER
      ${CMAKE_COMMAND} -E env CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
      ${CMAKE_CXX_COMPILER_LAUNCHER})
endif()

set(DLAB_PCH_STD <algorithm> <array> <atomic> <chrono> <cmath> <cstdint> <functional> <limits> <map> <memory>
    <mutex> <numeric> <optional> <sstream> <stdexcept> <string> <vector>)
set(DLAB_PCH_ENGINE ${DLAB_PCH_STD} <Eigen/Core> <tbb/parallel_for.h> <tbb/task_arena.h> <tbb/global_control.h>)
set(DLAB_PCH_QT_CORE <QDir> <QFile> <QJsonArray> <QJsonDocument> <QJsonObject> <QString> <QStringList>)
set(DLAB_PCH_QT_WIDGETS ${DLAB_PCH_QT_CORE} <QComboBox> <QDoubleSpinBox> <QGroupBox> <QHBoxLayout> <QLabel>
    <QLineEdit> <QPainter> <QPushButton> <QSpinBox> <QTabWidget> <QVBoxLayout> <QWidget>)

# Which headers each kind of target precompiles.
set(DLAB_PCH_KIND_engine ${DLAB_PCH_ENGINE})
set(DLAB_PCH_KIND_cli ${DLAB_PCH_ENGINE} <nlohmann/json.hpp>)
set(DLAB_PCH_KIND_widgets ${DLAB_PCH_STD} ${DLAB_PCH_QT_WIDGETS})
set(DLAB_PCH_KIND_gui ${DLAB_PCH_ENGINE} ${DLAB_PCH_QT_WIDGETS})
set(DLAB_PCH_KIND_test ${DLAB_PCH_ENGINE} ${DLAB_PCH_QT_CORE} <QtTest>)
set(DLAB_PCH_KIND_test_widgets ${DLAB_PCH_STD} ${DLAB_PCH_QT_WIDGETS} <QtTest>)
set(DLAB_PCH_KIND_test_gui ${DLAB_PCH_ENGINE} ${DLAB_PCH_QT_WIDGETS} <QtTest>)

# dlab_precompile(TARGET KIND): TARGET precompiles KIND's headers.
function(dlab_precompile target kind)
  if(DLAB_PCH)
    target_precompile_headers(${target} PRIVATE ${DLAB_PCH_KIND_${kind}})
  endif()
endfunction()

# dlab_precompile_shared(TARGET KIND): the first target of KIND precompiles
# its headers, the later ones reuse that file. They must compile with the same
# options and the same macros the headers look at (GCC's -Winvalid-pch, on
# with every precompiled header, says when one cannot be used).
function(dlab_precompile_shared target kind)
  if(NOT DLAB_PCH)
    return()
  endif()
  get_property(first GLOBAL PROPERTY DLAB_PCH_FIRST_${kind})
  if(first)
    target_precompile_headers(${target} REUSE_FROM ${first})
  else()
    target_precompile_headers(${target} PRIVATE ${DLAB_PCH_KIND_${kind}})
    set_property(GLOBAL PROPERTY DLAB_PCH_FIRST_${kind} ${target})
  endif()
endfunction()
